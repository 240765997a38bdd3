#pragma D option quiet

BEGIN
{
	k = "key";
	m[k] = 1;
	m[strjoin("k", "ey")] += 1;
	printf("%d\n", m["key"]);
	exit(0);
}

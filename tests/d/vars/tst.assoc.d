#pragma D option quiet

BEGIN
{
	a["one"] = 1;
	a["two"] = 2;
	a["one"] += 10;
	b[1, "x"] = 100;
	b[2, "x"] = 200;
	printf("%d %d %d %d %d\n", a["one"], a["two"], a["three"],
	    b[1, "x"], b[2, "x"]);
	a["one"] = 0;
	printf("%d\n", a["one"]);
	exit(0);
}

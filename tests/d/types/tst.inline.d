#pragma D option quiet

inline int KB = 1024;
inline string GREETING = "hi";

BEGIN
{
	printf("%d %s\n", 4 * KB, GREETING);
	exit(0);
}

/*
 * A store outside alloca() memory (here past its end) is an invalid
 * address, reported as an error; the probe's other clauses keep running.
 */
#pragma D option quiet

BEGIN
{
	this->p = (char *)alloca(8);
	this->p[8] = 1;
}

BEGIN
{
	printf("still running\n");
	exit(0);
}

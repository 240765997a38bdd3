#pragma D option quiet

/* this-> variables are shared by the clauses of one probe firing */
BEGIN
{
	this->v = 7;
}

BEGIN
{
	printf("%d\n", this->v);
	exit(0);
}

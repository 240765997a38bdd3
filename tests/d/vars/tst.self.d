#pragma D option quiet

/* thread-locals survive from one clause (and firing) to the next */
BEGIN
{
	self->n = 41;
	self->s = "begin";
}

BEGIN
{
	self->n++;
	printf("%d %s\n", self->n, self->s);
	self->n = 0;
	printf("%d\n", self->n);
	exit(0);
}

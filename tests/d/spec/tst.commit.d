#pragma D option quiet

BEGIN
{
	self->spec = speculation();
	speculate(self->spec);
	printf("speculative\n");
}

BEGIN
{
	printf("plain\n");
	commit(self->spec);
}

BEGIN
{
	exit(0);
}

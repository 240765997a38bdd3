#pragma D option quiet

BEGIN
{
	self->spec = speculation();
}

BEGIN
{
	speculate(self->spec);
	printf("discarded\n");
}

BEGIN
{
	discard(self->spec);
}

BEGIN
{
	printf("kept\n");
	exit(0);
}

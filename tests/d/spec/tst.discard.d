#pragma D option quiet

BEGIN
{
	self->spec = speculation();
	speculate(self->spec);
	printf("discarded\n");
}

BEGIN
{
	discard(self->spec);
	printf("kept\n");
	exit(0);
}

#pragma D option quiet

/* assigning 0 frees a thread-local: reading it again gives 0 */
BEGIN
{
	self->x = 5;
	self->x = 0;
	self->y = self->x + 1;
	printf("%d %d\n", self->x, self->y);
	exit(0);
}

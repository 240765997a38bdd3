#pragma D option quiet

struct point {
	int x;
	int y;
	char tag[4];
};

/* members through a pointer to zeroed scratch memory */
BEGIN
{
	this->p = (struct point *)alloca(sizeof (struct point));
	printf("%d %d %d %d\n", this->p->x, this->p->y,
	    sizeof (struct point), offsetof(struct point, tag));
	exit(0);
}

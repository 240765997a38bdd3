#pragma D option quiet

int total;
self int depth;
string label;
int counts[string, int];

BEGIN
{
	total = 3;
	self->depth = 2;
	label = "decl";
	counts["k", 1] = total * self->depth;
	printf("%s %d\n", label, counts["k", 1]);
	exit(0);
}

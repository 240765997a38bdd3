#pragma D option quiet

BEGIN
{
	self->name = execname;
	self->path = strjoin("/proc/", "self");
}

BEGIN
{
	printf("%s %d\n", self->path, self->name == execname);
	exit(0);
}

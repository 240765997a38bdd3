/* an integer cannot be cast to a struct */
struct s { int a; };

BEGIN
{
	trace((struct s)1);
}

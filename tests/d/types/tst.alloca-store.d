/*
 * Stores through pointers held in variables, into alloca() memory (the
 * only memory D may write, as in illumos): =, op=, ++ and -- on *p, p[i]
 * and p->m of every width.
 */
#pragma D option quiet

struct rec {
	int a;
	char b;
	short c;
	long d;
};

BEGIN
{
	this->p = (int *)alloca(sizeof (int));
	*this->p = 5;
	*this->p += 10;
	this->r = (struct rec *)alloca(sizeof (struct rec));
	this->r->a = -3;
	this->r->b = 300;
	this->r->b++;
	this->r->c = 70000;
	this->r->d = 1L << 40;
	(*this->r).a *= 2;
	this->s = (char *)alloca(4);
	this->s[0] = 'o';
	this->s[1] = 'k';
	printf("%d %d %d %d %d %s\n", *this->p, this->r->a, this->r->b,
	    this->r->c, this->r->d, stringof(this->s));
	exit(0);
}

#pragma D option quiet

tick-1ms
{
	i++;
}

tick-1ms
/i <= 20/
{
	@[i % 2 ? "odd" : "even"] = count();
}

tick-1ms
/i == 21/
{
	printa("%s %@d\n", @);
	exit(0);
}

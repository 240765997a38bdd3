#pragma D option quiet
#pragma D option bufpolicy=fill
#pragma D option bufsize=4k

/* a full buffer stops tracing; END's output still fits */
tick-1ms
{
	printf("%d\n", ++i);
}

END
{
	printf("end\n");
}

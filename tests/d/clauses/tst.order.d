#pragma D option quiet

/* clauses for one probe run in program order */
BEGIN { printf("first\n"); }
BEGIN { printf("second\n"); }
BEGIN /0/ { printf("never\n"); }
BEGIN { printf("third\n"); exit(0); }
END { printf("end\n"); }

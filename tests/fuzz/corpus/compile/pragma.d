 #!/usr/sbin/dtrace -s
#pragma D option quiet
/* c1 */ BEGIN // c2
{ /* c3 */ trace(1); // c4
}
  #pragma D option bufsize=4m
END
#pragma D option quiet

BEGIN
{
	printf("%x %x %x\n", htons(0x1234), htonl(0x12345678),
	    htonll(0x0102030405060708));
	printf("%x %x\n", ntohs(htons(0xbeef)), ntohl(htonl(0xdeadbeef)));
	exit(0);
}

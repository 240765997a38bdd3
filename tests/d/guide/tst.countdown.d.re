CPU +ID +FUNCTION:NAME
 +[0-9]+ +[0-9]+ +:tick-100msec +10
 +[0-9]+ +[0-9]+ +:tick-100msec +9
 +[0-9]+ +[0-9]+ +:tick-100msec +8
 +[0-9]+ +[0-9]+ +:tick-100msec +7
 +[0-9]+ +[0-9]+ +:tick-100msec +6
 +[0-9]+ +[0-9]+ +:tick-100msec +5
 +[0-9]+ +[0-9]+ +:tick-100msec +4
 +[0-9]+ +[0-9]+ +:tick-100msec +3
 +[0-9]+ +[0-9]+ +:tick-100msec +2
 +[0-9]+ +[0-9]+ +:tick-100msec +1
 +[0-9]+ +[0-9]+ +:tick-100msec   blastoff! *


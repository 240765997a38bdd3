[0-9]+ nsecs
[0-9]+ nsecs
[0-9]+ nsecs


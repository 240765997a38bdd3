CPU +ID +FUNCTION:NAME
 +[0-9]+ +[0-9]+ +:BEGIN   hello, world *


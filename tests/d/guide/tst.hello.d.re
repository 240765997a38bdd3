CPU +ID +FUNCTION:NAME
  0 +[0-9]+ +:BEGIN   hello, world


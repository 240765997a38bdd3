 BEGIN {
  trace(foo);
}
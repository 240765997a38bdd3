 a:b:c:d:e BEGIN
  x:y:z:w:v { }
 int x; self int y; this string z; int a[string, int]; inline int TEN = 10;
BEGIN { x = TEN; self->y = x + 1; this->z = "q"; a[this->z, self->y] = x; trace(a["q", 11]); self->y = 0; }
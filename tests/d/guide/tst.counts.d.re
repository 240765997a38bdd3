
  getpid_n +[0-9]+

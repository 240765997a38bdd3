dtrace: [0-9]+ dynamic variable drops?

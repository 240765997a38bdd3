dtrace: error on enabled probe ID [0-9]+ \(ID [0-9]+: dtrace:::BEGIN\): invalid address \(0x[0-9a-f]+\) in action #2 at DIF offset [0-9]+

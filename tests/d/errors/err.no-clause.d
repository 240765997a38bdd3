/* no probe clause at all is an error for -s */

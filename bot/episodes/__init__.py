"""Episode domain: the record of one spasm or cramp, its vocabulary and the one-line parser."""

# Writes the SQL files named on the command line, sql/DIALECT/GROUP/BLOCK.sql,
# as one C file of initialised arrays: the file's text is the member BLOCK of
# the element [DIALECT_<DIALECT>] of GROUP's array (see the table below).
# Lines that start with "--" are the file's comments and are left out; the
# last line's newline too.  A file whose dialect, group or block the C code
# does not know fails to compile.  POSIX awk.

BEGIN {
	# group -> struct and array (declared in src/dialect.h)
	type["introspect"] = "introspect_sql"; array["introspect"] = "dialect_sql"
	type["lookup"] = "lookup_sql"; array["lookup"] = "dialect_lookup"
	type["ddl"] = "ddl_sql"; array["ddl"] = "dialect_ddl_sql"
	ngroups = split("introspect lookup ddl", groups, " ")
}

function cstring(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\?/, "\\?", s)
	gsub(/\t/, "\\t", s)
	return s
}

FNR == 1 {
	n = split(FILENAME, part, "/")
	if (n < 4 || part[n] !~ /\.sql$/ || !(part[n - 1] in type)) {
		printf "embed.awk: %s: not sql/DIALECT/GROUP/BLOCK.sql of a known group\n", FILENAME > "/dev/stderr"
		exit 1
	}
	nfiles++
	group[nfiles] = part[n - 1]
	dialect[nfiles] = toupper(part[n - 2])
	block[nfiles] = substr(part[n], 1, length(part[n]) - 4)
	src[nfiles] = FILENAME
	nlines[nfiles] = 0
}

/^--/ { next }

{ line[nfiles, ++nlines[nfiles]] = $0 }

END {
	print "/* generated from sql/ by make (sql/embed.awk): do not edit */"
	print "#include \"dialect.h\""
	for (k = 1; k <= ngroups; k++) {
		g = groups[k]
		printf "\nconst struct %s %s[DIALECT_COUNT] = {\n", type[g], array[g]
		for (f = 1; f <= nfiles; f++) {
			if (group[f] != g)
				continue
			last = nlines[f]
			while (last > 0 && line[f, last] == "")
				last--
			printf "\t/* %s */\n\t[DIALECT_%s].%s =\n", src[f], dialect[f], block[f]
			if (last == 0)
				printf "\t\t\"\"\n"
			for (i = 1; i <= last; i++)
				printf "\t\t\"%s%s\"\n", cstring(line[f, i]), i < last ? "\\n" : ""
			printf "\t,\n"
		}
		print "};"
	}
}

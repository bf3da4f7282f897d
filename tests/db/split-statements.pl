#!/usr/bin/perl
# split-statements.pl — split an SQL script into its statements.
#
#   split-statements.pl [--dialect=postgresql|mysql] [MODE] FILE|-
#
# MODE
#   (none)     each statement, then a NUL byte. Read it from bash with
#                while IFS= read -r -d '' stmt; do ...; done < <(perl ... FILE)
#   --tagged   "TABLE<TAB>statement", then a NUL byte
#   --tables   one line per statement: "N<TAB>TABLE<TAB>first 70 characters"
#   --count    the number of statements
#
# A statement is printed without its terminator and without the comments
# around or inside it (text inside quotes and dollar quotes is kept as is),
# leading and trailing white space trimmed.
#
# Lexing: '...' strings ('' and, for MySQL and E'...', backslash escapes),
# "..." (identifier in PostgreSQL, string in MySQL), `...` (MySQL),
# $$...$$ and $tag$...$tag$ bodies (PostgreSQL: DO blocks, CREATE FUNCTION),
# -- and /* */ comments (nested in PostgreSQL), # comments and the client's
# DELIMITER command (MySQL). Several statements on one line are split.
# The dialect comes from --dialect, else from the file name (postgres...,
# mysql, maria...).
#
# TABLE is the upper-case name of the table the statement touches, or "-":
#   CREATE TABLE [IF NOT EXISTS] X, ALTER TABLE X, DROP TABLE [IF EXISTS] X,
#   UPDATE X, INSERT INTO X, DELETE FROM X, TRUNCATE [TABLE] X,
#   CREATE [UNIQUE] INDEX ... ON X, CREATE TRIGGER ... ON X -> X
#   CREATE/DROP/ALTER SEQUENCE X_PK_SEQ or X_SEQ           -> X
#   any other statement whose text names "ALTER TABLE X" (a DO block, or
#   MySQL's SELECT CONCAT("ALTER TABLE X ...") INTO @v)     -> X
#   PREPARE s FROM @v, EXECUTE s, DEALLOCATE PREPARE s,
#   SET @v = ...                                            -> X of @v
#   CREATE FUNCTION f -> X of the later CREATE TRIGGER that executes f
#   CREATE EXTENSION  -> X of the next statement (the guide creates uuid-ossp
#                        for AM_APPLICATION_KEY_MAPPING's default)
# Unmapped statements get "-" and a warning on stderr; the exit status is
# still 0. Exit 2 on usage errors or an unterminated quote or comment.
use strict;
use warnings;

my ($dialect, $mode) = ('', 'split');
my @files;
for my $a (@ARGV) {
	if ($a =~ /^--dialect=(postgresql|pg|mysql|mariadb)$/) {
		$dialect = $1 =~ /^(postgresql|pg)$/ ? 'postgresql' : 'mysql';
	} elsif ($a =~ /^--(tagged|tables|count)$/) {
		$mode = $1;
	} elsif ($a =~ /^-./) {
		usage("unknown option $a");
	} else {
		push @files, $a;
	}
}
usage('one FILE expected') unless @files == 1;
my $file = $files[0];
unless ($dialect) {
	if ($file =~ m{postgres[^/]*$}i || $file =~ m{/postgres[^/]*/}i) {
		$dialect = 'postgresql';
	} elsif ($file =~ m{(?:mysql|maria)[^/]*$}i || $file =~ m{/(?:mysql|maria)[^/]*/}i) {
		$dialect = 'mysql';
	} else {
		usage("cannot tell the dialect of $file: give --dialect");
	}
}

my $sql = do {
	local $/;
	my $fh;
	if ($file eq '-') {
		$fh = \*STDIN;
	} else {
		open($fh, '<', $file) or die "split-statements: $file: $!\n";
	}
	<$fh>;
};
$sql //= '';
$sql =~ s/\r\n/\n/g;

my @stmts = split_sql($sql, $dialect eq 'mysql');

if ($mode eq 'count') {
	print scalar(@stmts), "\n";
	exit 0;
}
if ($mode eq 'split') {
	print "$_\0" for @stmts;
	exit 0;
}
my @tables = tables_of(@stmts);
for my $i (0 .. $#stmts) {
	if ($tables[$i] eq '-') {
		warn sprintf("split-statements: %s: statement %d: no table: %s\n",
			$file, $i + 1, summary($stmts[$i]));
	}
	if ($mode eq 'tagged') {
		print "$tables[$i]\t$stmts[$i]\0";
	} else {
		printf "%d\t%s\t%s\n", $i + 1, $tables[$i], summary($stmts[$i]);
	}
}
exit 0;

sub usage {
	print STDERR "split-statements: $_[0]\n",
		"usage: split-statements.pl [--dialect=postgresql|mysql] [--tagged|--tables|--count] FILE|-\n";
	exit 2;
}

sub summary {
	(my $s = shift) =~ s/\s+/ /g;
	return length($s) > 70 ? substr($s, 0, 70) : $s;
}

# The statements of a script, comments removed, terminators dropped.
sub split_sql {
	my ($s, $mysql) = @_;
	my @out;
	my $cur = '';
	my $delim = ';';
	my $n = length $s;
	my $i = 0;
	my $flush = sub {
		(my $t = $cur) =~ s/^\s+|\s+$//g;
		push @out, $t if length $t;
		$cur = '';
	};
	while ($i < $n) {
		my $c = substr($s, $i, 1);
		my $two = substr($s, $i, 2);
		pos($s) = $i;
		if ($mysql && ($c eq "D" || $c eq "d") && $cur !~ /\S/
			&& $s =~ /\GDELIMITER[ \t]+(\S+)[ \t]*(?:\n|\z)/gci) {
			# mysql client command, at the start of a statement only
			$delim = $1;
			$i = pos($s);
			$cur = '';
		} elsif ($two eq '--' && (!$mysql || substr($s, $i + 2, 1) =~ /^(?:\s|)$/)) {
			my $e = index($s, "\n", $i);
			$i = $e < 0 ? $n : $e;
			$cur .= ' ';
		} elsif ($mysql && $c eq '#') {
			my $e = index($s, "\n", $i);
			$i = $e < 0 ? $n : $e;
			$cur .= ' ';
		} elsif ($two eq '/*') {
			my $depth = 1;
			my $j = $i + 2;
			while ($depth > 0) {
				die_at($s, $i, 'unterminated /* comment') if $j >= $n;
				my $t = substr($s, $j, 2);
				if ($t eq '*/') {
					$depth--;
					$j += 2;
				} elsif (!$mysql && $t eq '/*') {
					$depth++;
					$j += 2;
				} else {
					$j++;
				}
			}
			$i = $j;
			$cur .= ' ';
		} elsif (substr($s, $i, length $delim) eq $delim) {
			$i += length $delim;
			$flush->();
		} elsif ($c eq "'" || $c eq '"' || $c eq '`') {
			my $bs = $mysql && $c ne '`';
			# PostgreSQL E'...' strings take backslash escapes too.
			$bs = 1 if !$mysql && $c eq "'" && $cur =~ /(?:^|[^\w\$])[eE]\z/;
			my $j = $i + 1;
			while (1) {
				die_at($s, $i, "unterminated $c quote") if $j >= $n;
				my $d = substr($s, $j, 1);
				if ($bs && $d eq '\\') {
					$j += 2;
				} elsif ($d eq $c) {
					if (substr($s, $j + 1, 1) eq $c) {
						$j += 2;
					} else {
						$j++;
						last;
					}
				} else {
					$j++;
				}
			}
			$cur .= substr($s, $i, $j - $i);
			$i = $j;
		} elsif (!$mysql && $c eq '$' && $cur !~ /[\w\$]\z/
			&& $s =~ /\G(\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)/gc) {
			# dollar quote: up to the same tag
			my $tag = $1;
			my $e = index($s, $tag, $i + length $tag);
			die_at($s, $i, "unterminated $tag body") if $e < 0;
			$e += length $tag;
			$cur .= substr($s, $i, $e - $i);
			$i = $e;
		} else {
			$cur .= $c;
			$i++;
		}
	}
	$flush->();
	return @out;
}

sub die_at {
	my ($s, $i, $msg) = @_;
	my $line = 1 + (substr($s, 0, $i) =~ tr/\n//);
	print STDERR "split-statements: $file:$line: $msg\n";
	exit 2;
}

# Upper-case table touched by each statement, "-" when none is found.
sub tables_of {
	my @st = @_;
	my $id = qr/(?:"[^"]+"|`[^`]+`|[A-Za-z_][\w\$]*)/;
	my $name = qr/((?:$id\s*\.\s*)?$id)/;
	my (@t, %var, %prep, %func, @ext);
	for my $k (0 .. $#st) {
		my $s = $st[$k];
		my $x;
		if ($s =~ /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?$name/i
			|| $s =~ /^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?$name/i
			|| $s =~ /^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?$name/i
			|| $s =~ /^UPDATE\s+(?:(?:LOW_PRIORITY|IGNORE|ONLY)\s+)*$name/i
			|| $s =~ /^INSERT\s+(?:IGNORE\s+)?INTO\s+$name/i
			|| $s =~ /^DELETE\s+FROM\s+(?:ONLY\s+)?$name/i
			|| $s =~ /^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?$name/i
			|| $s =~ /^CREATE\s+(?:UNIQUE\s+)?INDEX\b.*?\bON\s+(?:ONLY\s+)?$name/is
			|| $s =~ /^CREATE\s+(?:OR\s+REPLACE\s+)?TRIGGER\b.*?\bON\s+$name/is) {
			$x = $1;
			if ($s =~ /^CREATE\s+(?:OR\s+REPLACE\s+)?TRIGGER\b.*\bEXECUTE\s+(?:PROCEDURE|FUNCTION)\s+$name/is) {
				my $f = norm($1);
				$t[$_] = norm($x) for @{ $func{$f} || [] };
				delete $func{$f};
			}
		} elsif ($s =~ /^(?:CREATE|DROP|ALTER)\s+SEQUENCE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?$name/i) {
			($x = norm($1)) =~ s/(?:_PK)?_SEQ$//;
		} elsif ($s =~ /^CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+$name/i) {
			push @{ $func{ norm($1) } }, $k;
		} elsif ($s =~ /^CREATE\s+EXTENSION\b/i) {
			push @ext, $k;
		} elsif ($s =~ /^PREPARE\s+$name\s+FROM\s+@(\w+)/i) {
			$x = $var{ lc $2 };
			$prep{ lc norm($1) } = $x if defined $x;
		} elsif ($s =~ /^(?:EXECUTE|DEALLOCATE\s+PREPARE|DROP\s+PREPARE)\s+$name\s*$/i) {
			$x = $prep{ lc norm($1) };
		} elsif ($s =~ /^SET\s+@(\w+)\s*(?::=|=)/i) {
			$x = $var{ lc $1 };
		} elsif ($s =~ /\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?$name/i) {
			# DO block or SELECT ... INTO @v that builds an ALTER TABLE
			$x = $1;
			$var{ lc $1 } = norm($x) while $s =~ /\bINTO\s+@(\w+)/gi;
		}
		$t[$k] = defined $x ? norm($x) : '-' unless defined $t[$k];
		if (defined $x && @ext) {
			$t[$_] = norm($x) for @ext;
			@ext = ();
		}
	}
	return map { $_ // '-' } @t;
}

# Unquoted, unqualified, upper-case.
sub norm {
	my $n = shift;
	$n =~ s/^.*\.\s*//s;
	$n =~ s/^["`]|["`]$//g;
	return uc $n;
}

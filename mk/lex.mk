# lex.mk - lexicon upkeep (lexicons/en/*.txt, tests/lint-lexicons.sh).
#
# src/lexicon.c #includes the generated lexicons_builtin.inc, which the main Makefile lists
# only as an order-only prerequisite of the objects; this makes lexicon.o depend on it for
# real, so editing a lexicon file rebuilds the built-in model (without it the library kept
# the old lexicons until `make clean`).
$(B)/obj/lexicon.o: $(B)/gen/lexicons_builtin.inc

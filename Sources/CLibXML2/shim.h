// libxml2 as Debian builds it enables ICU, and its encoding.h then includes <unicode/ucnv.h>,
// whose enums clash with Foundation's own copy of ICU (_FoundationICU) in one module graph.
// catalogd never touches libxml2's encoding handlers, so the ICU part is switched off here;
// xmlversion.h's include guard keeps it off for every header below.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>

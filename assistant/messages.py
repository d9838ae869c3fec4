"""What the chain tells the user besides the quotes, in Norwegian and English."""

NOT_FOUND = {
    "nb": "Dette finner jeg ikke i dokumentene.",
    "en": "I cannot find this in the documents.",
}
MODEL_FAILED = {
    "nb": "Språkmodellen svarte ikke; svaret er satt sammen av utdrag fra kildene.",
    "en": "The language model did not respond; the answer is made of excerpts from the sources.",
}
UNSUPPORTED = {
    "nb": "{n} setning(er) uten støtte i kildene ble fjernet fra svaret.",
    "en": "{n} sentence(s) not supported by the sources were removed from the answer.",
}
PARTIAL_INDEX = {
    "nb": "Betydningssøket bygges fortsatt ({done} av {total} tekstbiter er klare); svaret bygger foreløpig mest på ordsøk.",
    "en": "The semantic index is still being built ({done} of {total} chunks ready); this answer relies mostly on word search.",
}
ONLY_PLANS = {
    "nb": "Dokumentene omtaler dette bare som planer eller forslag; resultater av det finner jeg ikke.",
    "en": "The documents describe this only as plans or proposals; I find no results of it.",
}
CLOSEST = {"nb": "Nærmeste temaer jeg fant:", "en": "The closest topics I found:"}
NEARBY = {
    "nb": "Det nærmeste dokumentene sier, er dette fra {source}: «{quote}» [1]",
    "en": "The closest the documents come is this, from {source} (in Norwegian): «{quote}» [1]",
}
LATER_YEAR = {
    "nb": "Dokumentene sier ikke noe om {years}; det nærmeste jeg fant, er fra {year}.",
    "en": "The documents say nothing about {years}; the closest I found is from {year}.",
}
ABROAD = {
    "nb": "Dokumentene sier ikke dette om {places}; det nærmeste gjelder Norge eller andre land.",
    "en": "The documents do not say this about {places}; the closest they come is about Norway or other countries.",
}
NO_SECTION = {
    "nb": "Dokumentene viser ikke til noen paragraf i {laws} om dette.",
    "en": "The documents cite no section of {laws} on this.",
}
UNKNOWN_TOPIC = {
    "nb": "Dokumentene bruker ikke ordet «{words}» noe sted.",
    "en": "The documents never use the term “{words}”.",
}
NO_AMOUNT = {
    "nb": "Dokumentene oppgir ikke noe beløp for dette.",
    "en": "The documents give no amount for this.",
}

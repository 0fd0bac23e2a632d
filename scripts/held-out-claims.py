#!/usr/bin/env python3
"""Writes Tests/Fixtures/fact-check/held-out.jsonl: a second labelled set, written after the
checker was tuned on labelled.jsonl and never used to tune it. Two other products (a rain
jacket and a cast-iron pan; their attributes are in CatalogTestSupport/LabelledClaims.swift),
other sentence frames, and sentences that carry two facts, one of which may be invented, the
way a model writes.

Labels come from the rule that wrote each sentence, not from catalogd's checker:
  invented: number, unit, origin, material, colour, certification, compatibility, warranty,
            feature (a yes/no feature the product does not have)
  grounded: fact, conversion, decimal (decimal commas, thousands separators), synonym,
            decoy (a part number; the name's digits)
Run: python3 scripts/held-out-claims.py > Tests/Fixtures/fact-check/held-out.jsonl
"""
import json

# Jacket "Storm Shell 2" by Kestrel: navy, recycled polyester, 480 g, 20,000 mm water column,
# waterproof and breathable, 3-year warranty, made in Vietnam, bluesign certified.
# Pan "Ferro 28" by Ferrum: black, cast iron, 28 cm across, 2.4 kg, induction and oven safe,
# 10-year warranty, made in France, part number FP-2804.
T = {
 "en": dict(
   jweight="At {w}, the Storm Shell 2 rolls into its own hood.", jshell="The {m} shell comes in {c}.",
   jorigin="Sewn in {o} and backed by a {y} warranty.", jcolumn="A {wc} water column keeps heavy rain out.",
   jcert="The fabric is {cert} approved.", jfeature="It is {f} for wet, gusty days.",
   pdiam="At {d} across, the Ferro 28 has room for a family meal.", pbody="It weighs {w} and is cast from {m}.", pcolour="Its {c} surface seasons over time.",
   porigin="Made in {o}, with a {y} warranty.", pfeature="Use it on induction and gas; it is also {f}.", ppart="A spare handle is sold as part FP-2804.",
   pcompat="Pairs with the {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n}-year"),
   thousands="{a},{b}",
   colours=dict(navy="navy", navy_syn="navy blue", black="black", red="red", olive="olive", grey="grey"),
   materials=dict(recycled_polyester="recycled polyester", polyester="polyester", nylon="nylon", cotton="cotton", cast_iron="cast iron", iron="iron", stainless="stainless steel", aluminium="aluminium", copper="copper"),
   countries=dict(vn="Vietnam", cn="China", pt="Portugal", fr="France", it="Italy", de="Germany"),
   features=dict(waterproof="waterproof", breathable="breathable", windproof="windproof", insulated="insulated", oven="oven-safe", dishwasher="dishwasher-safe", nonstick="non-stick"),
   dec=".",
 ),
 "de": dict(
   jweight="Mit {w} lässt sich die Storm Shell 2 in die eigene Kapuze rollen.", jshell="Die Außenhülle aus {m} gibt es in {c}.",
   jorigin="Genäht in {o}, mit {y} Garantie.", jcolumn="Eine Wassersäule von {wc} hält auch Starkregen ab.",
   jcert="Der Stoff ist {cert}-zertifiziert.", jfeature="Sie ist {f} für nasse, windige Tage.",
   pdiam="Mit {d} Durchmesser bietet die Ferro 28 Platz für ein Familienessen.", pbody="Sie wiegt {w} und ist aus {m} gegossen.", pcolour="Die Oberfläche in {c} bekommt mit der Zeit Patina.",
   porigin="Hergestellt in {o}, mit {y} Garantie.", pfeature="Für Induktion und Gas; außerdem {f}.", ppart="Ein Ersatzgriff ist als Teil FP-2804 erhältlich.",
   pcompat="Passend zu {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n} Jahren"),
   thousands="{a}.{b}",
   colours=dict(navy="Marineblau", navy_syn="Dunkelblau", black="Schwarz", red="Rot", olive="Oliv", grey="Grau"),
   materials=dict(recycled_polyester="recyceltem Polyester", polyester="Polyester", nylon="Nylon", cotton="Baumwolle", cast_iron="Gusseisen", iron="Gusseisen", stainless="Edelstahl", aluminium="Aluminium", copper="Kupfer"),
   countries=dict(vn="Vietnam", cn="China", pt="Portugal", fr="Frankreich", it="Italien", de="Deutschland"),
   features=dict(waterproof="wasserdicht", breathable="atmungsaktiv", windproof="winddicht", insulated="wärmend gefüttert", oven="backofenfest", dishwasher="spülmaschinenfest", nonstick="antihaftbeschichtet"),
   dec=",",
 ),
 "fr": dict(
   jweight="Avec {w}, la Storm Shell 2 se range dans sa propre capuche.", jshell="La coque en {m} existe en {c}.",
   jorigin="Confectionnée {o} et garantie {y}.", jcolumn="Une colonne d'eau de {wc} arrête les fortes pluies.",
   jcert="Le tissu est certifié {cert}.", jfeature="Elle est {f} pour les jours de pluie et de vent.",
   pdiam="Avec ses {d} de diamètre, la Ferro 28 convient aux repas en famille.", pbody="Elle pèse {w} et est coulée en {m}.", pcolour="Sa surface {c} se culotte avec le temps.",
   porigin="Fabriquée {o}, garantie {y}.", pfeature="Compatible induction et gaz ; elle est aussi {f}.", ppart="Une poignée de rechange existe sous la référence FP-2804.",
   pcompat="S'utilise avec {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n} ans"),
   thousands="{a} {b}",
   colours=dict(navy="bleu marine", navy_syn="bleu foncé", black="noir", red="rouge", olive="olive", grey="gris"),
   pan_colours=dict(black="noire", red="rouge", grey="grise"),
   materials=dict(recycled_polyester="polyester recyclé", polyester="polyester", nylon="nylon", cotton="coton", cast_iron="fonte", iron="fonte", stainless="acier inoxydable", aluminium="aluminium", copper="cuivre"),
   countries=dict(vn="au Vietnam", cn="en Chine", pt="au Portugal", fr="en France", it="en Italie", de="en Allemagne"),
   features=dict(waterproof="imperméable", breathable="respirante", windproof="coupe-vent", insulated="isolée", oven="utilisable au four", dishwasher="lavable au lave-vaisselle", nonstick="antiadhésive"),
   dec=",",
 ),
 "es": dict(
   jweight="Con {w}, la Storm Shell 2 se guarda en su propia capucha.", jshell="La capa exterior de {m} viene en {c}.",
   jorigin="Confeccionada en {o} y con {y} de garantía.", jcolumn="Una columna de agua de {wc} frena la lluvia intensa.",
   jcert="El tejido cuenta con la certificación {cert}.", jfeature="Es {f} para días de lluvia y viento.",
   pdiam="Con {d} de diámetro, la Ferro 28 es ideal para comidas en familia.", pbody="Pesa {w} y está fundida en {m}.", pcolour="Su superficie de color {c} se cura con el uso.",
   porigin="Fabricada en {o}, con {y} de garantía.", pfeature="Sirve para inducción y gas; además es {f}.", ppart="El mango de repuesto es la pieza FP-2804.",
   pcompat="Combina con {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n} años"),
   thousands="{a}.{b}",
   colours=dict(navy="azul marino", navy_syn="azul oscuro", black="negro", red="rojo", olive="verde oliva", grey="gris"),
   materials=dict(recycled_polyester="poliéster reciclado", polyester="poliéster", nylon="nailon", cotton="algodón", cast_iron="hierro fundido", iron="hierro fundido", stainless="acero inoxidable", aluminium="aluminio", copper="cobre"),
   countries=dict(vn="Vietnam", cn="China", pt="Portugal", fr="Francia", it="Italia", de="Alemania"),
   features=dict(waterproof="impermeable", breathable="transpirable", windproof="cortavientos", insulated="térmica", oven="apta para horno", dishwasher="apta para lavavajillas", nonstick="antiadherente"),
   dec=",",
 ),
 "it": dict(
   jweight="Con {w}, la Storm Shell 2 si ripone nel proprio cappuccio.", jshell="Il guscio in {m} è disponibile in {c}.",
   jorigin="Confezionata in {o} e garantita {y}.", jcolumn="Una colonna d'acqua di {wc} ferma anche la pioggia battente.",
   jcert="Il tessuto è certificato {cert}.", jfeature="È {f} per le giornate di pioggia e vento.",
   pdiam="Con {d} di diametro, la Ferro 28 è ideale per i pasti in famiglia.", pbody="Pesa {w} ed è fusa in {m}.", pcolour="La superficie {c} migliora con l'uso.",
   porigin="Prodotta in {o}, con garanzia di {y}.", pfeature="Va su induzione e gas; è anche {f}.", ppart="Il manico di ricambio è il pezzo FP-2804.",
   pcompat="Si abbina a {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n} anni"),
   thousands="{a}.{b}",
   colours=dict(navy="blu navy", navy_syn="blu scuro", black="nero", red="rosso", olive="verde oliva", grey="grigio"),
   pan_colours=dict(black="nera", red="rossa", grey="grigia"),
   materials=dict(recycled_polyester="poliestere riciclato", polyester="poliestere", nylon="nylon", cotton="cotone", cast_iron="ghisa", iron="ghisa", stainless="acciaio inox", aluminium="alluminio", copper="rame"),
   countries=dict(vn="Vietnam", cn="Cina", pt="Portogallo", fr="Francia", it="Italia", de="Germania"),
   features=dict(waterproof="impermeabile", breathable="traspirante", windproof="antivento", insulated="imbottita", oven="adatta al forno", dishwasher="lavabile in lavastoviglie", nonstick="antiaderente"),
   dec=",",
 ),
 "nl": dict(
   jweight="Met {w} rolt de Storm Shell 2 op in de eigen capuchon.", jshell="De buitenlaag van {m} is er in {c}.",
   jorigin="Genaaid in {o} en met {y} garantie.", jcolumn="Een waterkolom van {wc} houdt zware regen tegen.",
   jcert="De stof is {cert}-gecertificeerd.", jfeature="Hij is {f} voor natte, winderige dagen.",
   pdiam="Met een diameter van {d} is de Ferro 28 geschikt voor een gezinsmaaltijd.", pbody="Hij weegt {w} en is gegoten uit {m}.", pcolour="Het {c} oppervlak krijgt met de tijd een patina.",
   porigin="Gemaakt in {o}, met {y} garantie.", pfeature="Geschikt voor inductie en gas; ook {f}.", ppart="Een reservehandvat is verkrijgbaar als onderdeel FP-2804.",
   pcompat="Past bij {x}.",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n} jaar"),
   thousands="{a}.{b}",
   colours=dict(navy="marineblauw", navy_syn="donkerblauw", black="zwart", red="rood", olive="olijfgroen", grey="grijs"),
   pan_colours=dict(black="zwarte", red="rode", grey="grijze"),
   materials=dict(recycled_polyester="gerecycled polyester", polyester="polyester", nylon="nylon", cotton="katoen", cast_iron="gietijzer", iron="gietijzer", stainless="roestvrij staal", aluminium="aluminium", copper="koper"),
   countries=dict(vn="Vietnam", cn="China", pt="Portugal", fr="Frankrijk", it="Italië", de="Duitsland"),
   features=dict(waterproof="waterdicht", breathable="ademend", windproof="winddicht", insulated="geïsoleerd", oven="ovenbestendig", dishwasher="vaatwasserbestendig", nonstick="voorzien van antiaanbaklaag"),
   dec=",",
 ),
 "ja": dict(
   jweight="重さ{w}のStorm Shell 2は、フードに収納できます。", jshell="{m}製のシェルで、カラーは{c}です。",
   jorigin="{o}で縫製され、{y}保証付きです。", jcolumn="耐水圧{wc}で強い雨も防ぎます。",
   jcert="生地は{cert}認証を取得しています。", jfeature="{f}なので雨や風の日にも安心です。",
   pdiam="直径{d}のFerro 28は家族の食事作りに向いています。", pbody="重さは{w}で、{m}製です。", pcolour="{c}の表面は使うほどなじみます。",
   porigin="{o}製で、{y}保証付きです。", pfeature="IHとガスに対応し、{f}です。", ppart="交換用ハンドルは品番FP-2804です。",
   pcompat="{x}と組み合わせて使えます。",
   units=dict(g="g", kg="kg", cm="cm", mm="mm", year="{n}年"),
   thousands="{a},{b}",
   colours=dict(navy="ネイビー", navy_syn="ネイビーブルー", black="ブラック", red="レッド", olive="オリーブ", grey="グレー"),
   materials=dict(recycled_polyester="再生ポリエステル", polyester="ポリエステル", nylon="ナイロン", cotton="コットン", cast_iron="鋳鉄", iron="鋳鉄", stainless="ステンレス", aluminium="アルミニウム", copper="銅"),
   countries=dict(vn="ベトナム", cn="中国", pt="ポルトガル", fr="フランス", it="イタリア", de="ドイツ"),
   features=dict(waterproof="防水", breathable="透湿性に優れた素材", windproof="防風", insulated="中綿入り", oven="オーブン対応", dishwasher="食洗機対応", nonstick="焦げ付き防止加工"),
   dec=".",
 ),
}

rows = []


def add(language, product, label, kind, text):
    rows.append({"language": language, "product": product, "label": label, "kind": kind, "text": text})


def number(language, value):
    return ("%g" % value).replace(".", T[language]["dec"])


def quantity(language, value, unit):
    gap = "" if language == "ja" else " "
    return f"{number(language, value)}{gap}{T[language]['units'][unit]}"


def thousands(language, value, unit):
    text = T[language]["thousands"].format(a=value // 1000, b="%03d" % (value % 1000))
    gap = "" if language == "ja" else " "
    return f"{text}{gap}{T[language]['units'][unit]}"


def years(language, n):
    return T[language]["units"]["year"].format(n=n)


for lang, t in T.items():
    c, m, o, f = t["colours"], t["materials"], t["countries"], t["features"]
    pc = t.get("pan_colours", c)  # where an adjective agrees with the pan's surface
    fill = lambda key, **values: t[key].format(**values)
    # Grounded.
    add(lang, "jacket", "grounded", "fact", fill("jweight", w=quantity(lang, 480, "g")))
    add(lang, "jacket", "grounded", "conversion", fill("jweight", w=quantity(lang, 0.48, "kg")))
    add(lang, "jacket", "grounded", "fact", fill("jshell", m=m["recycled_polyester"], c=c["navy"]))
    add(lang, "jacket", "grounded", "synonym", fill("jshell", m=m["polyester"], c=c["navy_syn"]))
    add(lang, "jacket", "grounded", "fact", fill("jorigin", o=o["vn"], y=years(lang, 3)))
    add(lang, "jacket", "grounded", "decimal", fill("jcolumn", wc=thousands(lang, 20000, "mm")))
    add(lang, "jacket", "grounded", "fact", fill("jcert", cert="bluesign"))
    add(lang, "jacket", "grounded", "fact", fill("jfeature", f=f["waterproof"]))
    add(lang, "jacket", "grounded", "fact", fill("jfeature", f=f["breathable"]))
    add(lang, "pan", "grounded", "fact", fill("pdiam", d=quantity(lang, 28, "cm")))
    add(lang, "pan", "grounded", "conversion", fill("pdiam", d=quantity(lang, 280, "mm")))
    add(lang, "pan", "grounded", "decimal", fill("pbody", w=quantity(lang, 2.4, "kg"), m=m["cast_iron"]))
    add(lang, "pan", "grounded", "conversion", fill("pbody", w=quantity(lang, 2400, "g"), m=m["iron"]))
    add(lang, "pan", "grounded", "fact", fill("pcolour", c=pc["black"]))
    add(lang, "pan", "grounded", "fact", fill("porigin", o=o["fr"], y=years(lang, 10)))
    add(lang, "pan", "grounded", "fact", fill("pfeature", f=f["oven"]))
    add(lang, "pan", "grounded", "decoy", t["ppart"])
    # Invented: one fact wrong, the other right where the frame has two.
    for grams in [350, 620]:
        add(lang, "jacket", "invented", "number", fill("jweight", w=quantity(lang, grams, "g")))
    add(lang, "jacket", "invented", "unit", fill("jweight", w=quantity(lang, 480, "kg")))
    add(lang, "jacket", "invented", "number", fill("jcolumn", wc=thousands(lang, 10000, "mm")))
    for material in ["nylon", "cotton"]:
        add(lang, "jacket", "invented", "material", fill("jshell", m=m[material], c=c["navy"]))
    for colour in ["red", "olive", "grey"]:
        add(lang, "jacket", "invented", "colour", fill("jshell", m=m["recycled_polyester"], c=c[colour]))
    for country in ["cn", "pt"]:
        add(lang, "jacket", "invented", "origin", fill("jorigin", o=o[country], y=years(lang, 3)))
    add(lang, "jacket", "invented", "warranty", fill("jorigin", o=o["vn"], y=years(lang, 5)))
    for cert in ["OEKO-TEX", "Fairtrade"]:
        add(lang, "jacket", "invented", "certification", fill("jcert", cert=cert))
    for feature in ["windproof", "insulated"]:
        add(lang, "jacket", "invented", "feature", fill("jfeature", f=f[feature]))
    for cm in [24, 32]:
        add(lang, "pan", "invented", "number", fill("pdiam", d=quantity(lang, cm, "cm")))
    add(lang, "pan", "invented", "unit", fill("pdiam", d=quantity(lang, 28, "mm")))
    add(lang, "pan", "invented", "number", fill("pbody", w=quantity(lang, 1.8, "kg"), m=m["cast_iron"]))
    for material in ["stainless", "aluminium", "copper"]:
        add(lang, "pan", "invented", "material", fill("pbody", w=quantity(lang, 2.4, "kg"), m=m[material]))
    for colour in ["red", "grey"]:
        add(lang, "pan", "invented", "colour", fill("pcolour", c=pc[colour]))
    for country in ["it", "de", "cn"]:
        add(lang, "pan", "invented", "origin", fill("porigin", o=o[country], y=years(lang, 10)))
    add(lang, "pan", "invented", "warranty", fill("porigin", o=o["fr"], y=years(lang, 25)))
    for feature in ["dishwasher", "nonstick"]:
        add(lang, "pan", "invented", "feature", fill("pfeature", f=f[feature]))
    for thing in ["Le Creuset Signature lid", "Philips Airfryer XL"]:
        add(lang, "pan", "invented", "compatibility", fill("pcompat", x=thing))

print("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))

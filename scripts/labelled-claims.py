#!/usr/bin/env python3
"""Writes Tests/Fixtures/fact-check/labelled.jsonl: model-style sentences about two products
(a desk lamp and a hiking boot; their attributes are in CatalogTestSupport/LabelledClaims.swift),
each labelled by the rule that wrote it: "grounded" (every fact is in the attributes, possibly
converted, paraphrased or in another decimal style) or "invented" (one fact is not).

The labels come from these templates, not from catalogd's checker. Categories:
  invented: number, unit, origin, material, colour, certification, compatibility, warranty
  grounded: fact (as stated), conversion, decimal, synonym, compound, decoy (numbers that
            are identifiers or part of the name)
Run: python3 scripts/labelled-claims.py > Tests/Fixtures/fact-check/labelled.jsonl
"""
import json

rows = []

def add(language, product, label, kind, text):
    rows.append({"language": language, "product": product, "label": label, "kind": kind, "text": text})

# Per language: templates with {v} for a value. Lamp: black aluminium, 1.2 kg, 45 cm, 8 W,
# 600 lm, cable 1.8 m, CE, E27 bulbs, 2-year warranty, brand Lumina, made in Germany.
# Boot: brown nubuck (a leather), rubber sole, 950 g, 18 cm shaft, waterproof, 5-year warranty,
# made in Italy, brand Alpinor, supplier reference 4711-22, model name "Ridge Hiker 3".
L = {
 "en": dict(
   weigh="The lamp weighs {v}.", tall="It stands {v} tall.", power="A {v} LED lights the desk.", cable="It comes with a {v} cable.",
   warranty="Backed by a {v} warranty.", colour="The shade comes in {v}.", material="The body is made of {v}.", madein="Made in {v}.",
   cert="{v} certified.", compat="Compatible with {v}.", bootweigh="Each boot weighs {v}.", bootmat="The upper is {v}.", bootcolour="A {v} hiking boot.",
   bootwarranty="The boots carry a {v} warranty.", shaft="The shaft is {v} high.", ref="Spare laces: order reference {v}.", name="The Ridge Hiker 3 is built for long days.",
   lumen="It gives {v} of warm light.", neutral="A timeless design for every desk.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="lumens", years="{n}-year", year_words="{n} years"),
   colours=dict(black="black", brown="brown", red="red", white="white", blue="blue", green="green", dark_brown="dark brown"),
   materials=dict(aluminium="aluminium", steel="steel", brass="brass", glass="glass", oak="oak", nubuck="nubuck", leather="leather", suede="suede", mesh="mesh", canvas="canvas"),
   countries=dict(de="Germany", it="Italy", cn="China", vn="Vietnam", pt="Portugal"),
   dec=".",
 ),
 "de": dict(
   weigh="Die Leuchte wiegt {v}.", tall="Sie ist {v} hoch.", power="Eine {v}-LED beleuchtet den Schreibtisch.", cable="Mit {v} Kabel.",
   warranty="Mit {v} Garantie.", colour="Der Schirm ist {v}.", material="Das Gehäuse besteht aus {v}.", madein="Hergestellt in {v}.",
   cert="{v}-zertifiziert.", compat="Kompatibel mit {v}.", bootweigh="Jeder Schuh wiegt {v}.", bootmat="Das Obermaterial ist aus {v}.", bootcolour="Ein Wanderschuh in {v}.",
   bootwarranty="Mit {v} Garantie auf die Sohle.", shaft="Der Schaft ist {v} hoch.", ref="Ersatz-Schnürsenkel: Bestellnummer {v}.", name="Der Ridge Hiker 3 ist für lange Touren gebaut.",
   lumen="Sie liefert {v} warmes Licht.", neutral="Ein zeitloses Design für jeden Schreibtisch.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="Lumen", years="{n} Jahre", year_words="{n} Jahre"),
   colours=dict(black="schwarz", brown="Braun", red="rot", white="weiß", blue="blau", green="grün", dark_brown="Dunkelbraun"),
   materials=dict(aluminium="Aluminium", steel="Stahl", brass="Messing", glass="Glas", oak="Eiche", nubuck="Nubukleder", leather="Leder", suede="Wildleder", mesh="Mesh", canvas="Segeltuch"),
   countries=dict(de="Deutschland", it="Italien", cn="China", vn="Vietnam", pt="Portugal"),
   dec=",",
 ),
 "fr": dict(
   weigh="La lampe pèse {v}.", tall="Elle mesure {v} de haut.", power="Une LED de {v} éclaire le bureau.", cable="Livrée avec un câble de {v}.",
   warranty="Garantie {v}.", colour="L'abat-jour est {v}.", material="Le corps est en {v}.", madein="Fabriqué en {v}.",
   cert="Certifiée {v}.", compat="Compatible avec {v}.", bootweigh="Chaque chaussure pèse {v}.", bootmat="La tige est en {v}.", bootcolour="Une chaussure de randonnée {v}.",
   bootwarranty="Garantie {v} sur la semelle.", shaft="La tige mesure {v} de haut.", ref="Lacets de rechange : référence {v}.", name="La Ridge Hiker 3 est conçue pour les longues journées.",
   lumen="Elle offre {v} de lumière chaude.", neutral="Un design intemporel pour chaque bureau.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="lumens", years="{n} ans", year_words="{n} ans"),
   colours=dict(black="noir", brown="marron", red="rouge", white="blanc", blue="bleu", green="vert", dark_brown="marron foncé"),
   materials=dict(aluminium="aluminium", steel="acier", brass="laiton", glass="verre", oak="chêne", nubuck="nubuck", leather="cuir", suede="daim", mesh="tissu maillé", canvas="toile de coton"),
   countries=dict(de="Allemagne", it="Italie", cn="Chine", vn="Vietnam", pt="Portugal"),
   dec=",",
 ),
 "es": dict(
   weigh="La lámpara pesa {v}.", tall="Mide {v} de alto.", power="Un LED de {v} ilumina el escritorio.", cable="Incluye un cable de {v}.",
   warranty="Con {v} de garantía.", colour="La pantalla es de color {v}.", material="El cuerpo es de {v}.", madein="Hecho en {v}.",
   cert="Certificado {v}.", compat="Compatible con {v}.", bootweigh="Cada bota pesa {v}.", bootmat="La parte superior es de {v}.", bootcolour="Una bota de montaña de color {v}.",
   bootwarranty="Con {v} de garantía en la suela.", shaft="La caña mide {v} de alto.", ref="Cordones de repuesto: referencia {v}.", name="La Ridge Hiker 3 está hecha para jornadas largas.",
   lumen="Ofrece {v} de luz cálida.", neutral="Un diseño atemporal para cualquier escritorio.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="lúmenes", years="{n} años", year_words="{n} años"),
   colours=dict(black="negro", brown="marrón", red="rojo", white="blanco", blue="azul", green="verde", dark_brown="marrón oscuro"),
   materials=dict(aluminium="aluminio", steel="acero", brass="latón", glass="vidrio", oak="roble", nubuck="nobuk", leather="cuero", suede="nobuk", mesh="malla", canvas="lona"),
   countries=dict(de="Alemania", it="Italia", cn="China", vn="Vietnam", pt="Portugal"),
   dec=",",
 ),
 "it": dict(
   weigh="La lampada pesa {v}.", tall="È alta {v}.", power="Un LED da {v} illumina la scrivania.", cable="Con cavo da {v}.",
   warranty="Garanzia di {v}.", colour="Il paralume è {v}.", material="Il corpo è in {v}.", madein="Prodotto in {v}.",
   cert="Certificata {v}.", compat="Compatibile con {v}.", bootweigh="Ogni scarpone pesa {v}.", bootmat="La tomaia è in {v}.", bootcolour="Uno scarpone da trekking {v}.",
   bootwarranty="Garanzia di {v} sulla suola.", shaft="Il gambale è alto {v}.", ref="Lacci di ricambio: codice {v}.", name="Il Ridge Hiker 3 è fatto per le lunghe giornate.",
   lumen="Offre {v} di luce calda.", neutral="Un design senza tempo per ogni scrivania.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="lumen", years="{n} anni", year_words="{n} anni"),
   colours=dict(black="nero", brown="marrone", red="rosso", white="bianco", blue="blu", green="verde", dark_brown="marrone scuro"),
   materials=dict(aluminium="alluminio", steel="acciaio", brass="ottone", glass="vetro", oak="rovere", nubuck="nabuk", leather="pelle", suede="camoscio", mesh="rete traspirante", canvas="tela canvas"),
   countries=dict(de="Germania", it="Italia", cn="Cina", vn="Vietnam", pt="Portogallo"),
   dec=",",
 ),
 "nl": dict(
   weigh="De lamp weegt {v}.", tall="Hij is {v} hoog.", power="Een {v} led verlicht het bureau.", cable="Met een kabel van {v}.",
   warranty="Met {v} garantie.", colour="De kap is {v}.", material="De behuizing is van {v}.", madein="Gemaakt in {v}.",
   cert="{v}-gecertificeerd.", compat="Compatibel met {v}.", bootweigh="Elke schoen weegt {v}.", bootmat="Het bovenwerk is van {v}.", bootcolour="Een {v} wandelschoen.",
   bootwarranty="Met {v} garantie op de zool.", shaft="De schacht is {v} hoog.", ref="Reserve-veters: bestelnummer {v}.", name="De Ridge Hiker 3 is gemaakt voor lange dagen.",
   lumen="Hij geeft {v} warm licht.", neutral="Een tijdloos ontwerp voor elk bureau.",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="lumen", years="{n} jaar", year_words="{n} jaar"),
   colours=dict(black="zwart", brown="bruin", red="rood", white="wit", blue="blauw", green="groen", dark_brown="donkerbruin"),
   materials=dict(aluminium="aluminium", steel="staal", brass="messing", glass="glas", oak="eiken", nubuck="nubuck", leather="leer", suede="suède", mesh="mesh", canvas="canvas"),
   countries=dict(de="Duitsland", it="Italië", cn="China", vn="Vietnam", pt="Portugal"),
   dec=",",
 ),
 "ja": dict(
   weigh="重さは{v}です。", tall="高さは{v}です。", power="{v}のLEDでデスクを照らします。", cable="{v}のケーブル付き。",
   warranty="{v}保証付き。", colour="シェードのカラーは{v}です。", material="本体は{v}製です。", madein="{v}製。",
   cert="{v}認証取得。", compat="{v}に対応。", bootweigh="片足の重さは{v}です。", bootmat="アッパーは{v}です。", bootcolour="{v}のトレッキングシューズ。",
   bootwarranty="ソールに{v}保証。", shaft="シャフトの高さは{v}です。", ref="交換用靴ひも：品番{v}。", name="Ridge Hiker 3は長い一日のために作られています。",
   lumen="{v}の暖かい光。", neutral="どんなデスクにも合う普遍的なデザイン。",
   units=dict(kg="kg", g="g", cm="cm", mm="mm", m="m", W="W", lm="ルーメン", years="{n}年", year_words="{n}年"),
   colours=dict(black="ブラック", brown="ブラウン", red="レッド", white="ホワイト", blue="ブルー", green="グリーン", dark_brown="ブラウン"),
   materials=dict(aluminium="アルミニウム", steel="スチール", brass="真鍮", glass="ガラス", oak="オーク", nubuck="ヌバック", leather="レザー", suede="スエード", mesh="メッシュ", canvas="キャンバス"),
   countries=dict(de="ドイツ", it="イタリア", cn="中国", vn="ベトナム", pt="ポルトガル"),
   dec=".",
 ),
}


# Second phrasings of the same claims, so a rule is not tied to one sentence frame.
ALT = {
 "en": dict(weigh="At just {v}, it is easy to move.", tall="With a height of {v}, it fits under shelves.", power="Its LED draws {v}.", warranty="You get a {v} warranty.",
            colour="Finished in {v}.", material="A {v} body keeps it sturdy.", madein="Manufactured in {v}.", cert="Carries the {v} mark.", compat="Works with {v}.",
            bootweigh="Light at {v} per boot.", bootmat="Uppers of {v} protect the foot.", bootcolour="Available in {v}."),
 "de": dict(weigh="Mit nur {v} leicht zu bewegen.", tall="Mit {v} Höhe passt sie unter jedes Regal.", power="Die LED hat {v}.", warranty="Sie erhalten {v} Garantie.",
            colour="Ausführung in {v}.", material="Ein Gehäuse aus {v} sorgt für Stabilität.", madein="Gefertigt in {v}.", cert="Trägt das {v}-Zeichen.", compat="Passend für {v}.",
            bootweigh="Nur {v} pro Schuh.", bootmat="Obermaterial aus {v} schützt den Fuß.", bootcolour="Erhältlich in {v}."),
 "fr": dict(weigh="Avec seulement {v}, elle se déplace facilement.", tall="Avec ses {v} de haut, elle se glisse sous une étagère.", power="Sa LED consomme {v}.", warranty="Vous bénéficiez d'une garantie de {v}.",
            colour="Finition {v}.", material="Un corps en {v} la rend robuste.", madein="Fabriquée en {v}.", cert="Porte le label {v}.", compat="Fonctionne avec {v}.",
            bootweigh="Seulement {v} par chaussure.", bootmat="Une tige en {v} protège le pied.", bootcolour="Disponible en {v}."),
 "es": dict(weigh="Con solo {v}, es fácil de mover.", tall="Con {v} de altura, cabe bajo cualquier estante.", power="Su LED consume {v}.", warranty="Incluye una garantía de {v}.",
            colour="Acabado en {v}.", material="Un cuerpo de {v} le da solidez.", madein="Fabricado en {v}.", cert="Lleva el sello {v}.", compat="Funciona con {v}.",
            bootweigh="Solo {v} por bota.", bootmat="La parte superior de {v} protege el pie.", bootcolour="Disponible en {v}."),
 "it": dict(weigh="Con soli {v} si sposta facilmente.", tall="Con i suoi {v} di altezza sta sotto ogni mensola.", power="Il suo LED assorbe {v}.", warranty="Include una garanzia di {v}.",
            colour="Finitura {v}.", material="Un corpo in {v} la rende solida.", madein="Realizzato in {v}.", cert="Porta il marchio {v}.", compat="Funziona con {v}.",
            bootweigh="Solo {v} per scarpone.", bootmat="La tomaia in {v} protegge il piede.", bootcolour="Disponibile in {v}."),
 "nl": dict(weigh="Met slechts {v} makkelijk te verplaatsen.", tall="Met een hoogte van {v} past hij onder elke plank.", power="De led verbruikt {v}.", warranty="U krijgt {v} garantie.",
            colour="Uitgevoerd in {v}.", material="Een behuizing van {v} maakt hem stevig.", madein="Geproduceerd in {v}.", cert="Draagt het {v}-keurmerk.", compat="Werkt met {v}.",
            bootweigh="Slechts {v} per schoen.", bootmat="Bovenwerk van {v} beschermt de voet.", bootcolour="Verkrijgbaar in {v}."),
 "ja": dict(weigh="わずか{v}で持ち運びも簡単。", tall="高さ{v}で棚の下にも収まります。", power="LEDの消費電力は{v}。", warranty="{v}の保証が付いています。",
            colour="{v}仕上げ。", material="{v}のボディで頑丈です。", madein="{v}製の品質。", cert="{v}マーク付き。", compat="{v}で使えます。",
            bootweigh="片足わずか{v}。", bootmat="{v}のアッパーが足を守ります。", bootcolour="カラーは{v}。"),
}

def num(language, value):
    text = ("%g" % value)
    return text.replace(".", L[language]["dec"])

def quantity(language, value, unit):
    u = L[language]["units"][unit]
    sep = "" if language == "ja" else " "
    return f"{num(language, value)}{sep}{u}"

def years(language, n):
    return L[language]["units"]["years"].format(n=n)

for lang, base in L.items():
    for frame in ["base", "alt"]:
      t = dict(base, **ALT[lang]) if frame == "alt" else base
      lamp, boot = "lamp", "boot"
      # Grounded: facts as stated, conversions, decimals, synonyms, compounds, decoys.
      for v in [quantity(lang, 1.2, "kg"), quantity(lang, 1200, "g")]:
          add(lang, lamp, "grounded", "fact" if "1" in v and "kg" in v else "conversion", t["weigh"].format(v=v))
      for v in [quantity(lang, 45, "cm"), quantity(lang, 450, "mm"), quantity(lang, 0.45, "m")]:
          add(lang, lamp, "grounded", "conversion" if "cm" not in v else "fact", t["tall"].format(v=v))
      add(lang, lamp, "grounded", "fact", t["power"].format(v=quantity(lang, 8, "W")))
      add(lang, lamp, "grounded", "decimal", t["cable"].format(v=quantity(lang, 1.8, "m")))
      add(lang, lamp, "grounded", "conversion", t["cable"].format(v=quantity(lang, 180, "cm")))
      add(lang, lamp, "grounded", "fact", t["warranty"].format(v=years(lang, 2)))
      add(lang, lamp, "grounded", "fact", t["colour"].format(v=t["colours"]["black"]))
      add(lang, lamp, "grounded", "fact", t["material"].format(v=t["materials"]["aluminium"]))
      add(lang, lamp, "grounded", "fact", t["madein"].format(v=t["countries"]["de"]))
      add(lang, lamp, "grounded", "fact", t["cert"].format(v="CE"))
      add(lang, lamp, "grounded", "fact", t["compat"].format(v="E27"))
      add(lang, lamp, "grounded", "fact", t["lumen"].format(v=quantity(lang, 600, "lm")))
      add(lang, lamp, "grounded", "fact", t["neutral"])
      add(lang, boot, "grounded", "fact", t["bootweigh"].format(v=quantity(lang, 950, "g")))
      add(lang, boot, "grounded", "conversion", t["bootweigh"].format(v=quantity(lang, 0.95, "kg")))
      add(lang, boot, "grounded", "fact", t["shaft"].format(v=quantity(lang, 18, "cm")))
      add(lang, boot, "grounded", "conversion", t["shaft"].format(v=quantity(lang, 180, "mm")))
      add(lang, boot, "grounded", "fact", t["bootwarranty"].format(v=years(lang, 5)))
      add(lang, boot, "grounded", "fact", t["bootcolour"].format(v=t["colours"]["brown"]))
      add(lang, boot, "grounded", "synonym", t["bootcolour"].format(v=t["colours"]["dark_brown"]))
      add(lang, boot, "grounded", "fact", t["bootmat"].format(v=t["materials"]["nubuck"]))
      add(lang, boot, "grounded", "synonym", t["bootmat"].format(v=t["materials"]["leather"]))
      add(lang, boot, "grounded", "fact", t["madein"].format(v=t["countries"]["it"]))
      add(lang, boot, "grounded", "decoy", t["ref"].format(v="4711-22"))
      add(lang, boot, "grounded", "decoy", t["name"])
      # Invented: one fact each, in several values.
      for value in [0.9, 1.5, 2.5, 3]:
          add(lang, lamp, "invented", "number", t["weigh"].format(v=quantity(lang, value, "kg")))
      for value in [30, 60, 75]:
          add(lang, lamp, "invented", "number", t["tall"].format(v=quantity(lang, value, "cm")))
      for value in [5, 12, 20]:
          add(lang, lamp, "invented", "number", t["power"].format(v=quantity(lang, value, "W")))
      for value in [1000, 250]:
          add(lang, lamp, "invented", "number", t["lumen"].format(v=quantity(lang, value, "lm")))
      for value in [3, 5]:
          add(lang, lamp, "invented", "number", t["cable"].format(v=quantity(lang, value, "m")))
      add(lang, lamp, "invented", "unit", t["weigh"].format(v=quantity(lang, 1.2, "g")))
      add(lang, lamp, "invented", "unit", t["tall"].format(v=quantity(lang, 45, "mm")))
      add(lang, lamp, "invented", "unit", t["tall"].format(v=quantity(lang, 45, "m")))
      add(lang, boot, "invented", "unit", t["bootweigh"].format(v=quantity(lang, 950, "kg")))
      for n in [3, 5, 10]:
          add(lang, lamp, "invented", "warranty", t["warranty"].format(v=years(lang, n)))
      for n in [2, 10]:
          add(lang, boot, "invented", "warranty", t["bootwarranty"].format(v=years(lang, n)))
      for country in ["it", "cn", "vn", "pt"]:
          add(lang, lamp, "invented", "origin", t["madein"].format(v=t["countries"][country]))
      for country in ["de", "cn", "vn", "pt"]:
          add(lang, boot, "invented", "origin", t["madein"].format(v=t["countries"][country]))
      for material in ["steel", "brass", "glass", "oak"]:
          add(lang, lamp, "invented", "material", t["material"].format(v=t["materials"][material]))
      for material in ["suede", "mesh", "canvas"]:
          add(lang, boot, "invented", "material", t["bootmat"].format(v=t["materials"][material]))
      for colour in ["red", "white", "blue", "green"]:
          add(lang, lamp, "invented", "colour", t["colour"].format(v=t["colours"][colour]))
      for colour in ["black", "red", "blue"]:
          add(lang, boot, "invented", "colour", t["bootcolour"].format(v=t["colours"][colour]))
      for cert in ["FSC", "Energy Star", "TÜV", "RoHS", "GS"]:
          add(lang, lamp, "invented", "certification", t["cert"].format(v=cert))
      for cert in ["Vegan", "Bluesign"]:
          add(lang, boot, "invented", "certification", t["cert"].format(v=cert))
      for thing in ["Philips Hue", "GU10", "Alexa", "USB-C"]:
          add(lang, lamp, "invented", "compatibility", t["compat"].format(v=thing))

# Rows a frame repeats exactly (keys without a second phrasing) are kept once.
seen = set()
rows = [row for row in rows if not (row["text"], row["product"]) in seen and not seen.add((row["text"], row["product"]))]
print("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))

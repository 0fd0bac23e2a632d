extension Vocabulary {
    /// Colours, written as a value stands alone on a shop page ("Farbe: Blau"). A shade implies
    /// its colour: "bleu marine" claims navy, and navy grounds a blue.
    static let colors = Vocabulary(domain: "colour", implies: ["navy": ["blue"], "olive": ["green"], "anthracite": ["grey"], "cream": ["white"]], table: """
        id	en	de	fr	es	it	nl	pt	pl	sv	da	fi	nb	cs	tr	ja	zh
        red	red	Rot|rot	rouge	rojo	rosso	rood	vermelho	czerwony	röd	rød	punainen	rød	červená|červený	kırmızı	レッド|赤	红色|红
        blue	blue	Blau|blau	bleu	azul	blu	blauw	azul	niebieski	blå	blå	sininen	blå	modrá|modrý	mavi	ブルー|青	蓝色|蓝
        navy	navy|navy blue	Marineblau|marineblau|navy	bleu marine	azul marino	blu navy|blu scuro	marineblauw	azul-marinho	granatowy	marinblå	marineblå	laivastonsininen	marineblå	námořnická modrá	lacivert	ネイビー|紺	藏青色|海军蓝
        green	green	Grün|grün|gruen	vert	verde	verde	groen	verde	zielony	grön	grøn	vihreä	grønn	zelená|zelený	yeşil	グリーン|緑	绿色|绿
        olive	~olive	Oliv|olivgrün	~olive|vert olive	~oliva|verde oliva	~oliva|verde oliva	olijfgroen	verde-oliva	oliwkowy	olivgrön	olivengrøn	oliivinvihreä	olivengrønn	olivová	zeytin yeşili	オリーブ	橄榄绿
        black	black	Schwarz|schwarz	noir	negro	nero	zwart	preto	czarny	svart	sort	musta	svart	černá|černý	siyah	ブラック|黒	黑色|黑
        white	white	Weiß|weiß|weiss	blanc|blanche	blanco	bianco	wit	branco	biały	vit	hvid	valkoinen	hvit	bílá|bílý	beyaz	ホワイト|白	白色|白
        grey	grey|gray	Grau|grau	gris	gris	grigio	grijs	cinzento|cinza	szary	grå	grå	harmaa	grå	šedá|šedý	gri	グレー|灰色	灰色
        anthracite	anthracite	Anthrazit|anthrazit	anthracite	antracita	antracite	antraciet	antracite	antracytowy	antracit	antracit	antrasiitti	antrasitt	antracitová	antrasit	チャコール|アンスラサイト	炭灰色
        yellow	yellow	Gelb|gelb	jaune	amarillo	giallo	geel	amarelo	żółty	gul	gul	keltainen	gul	žlutá|žlutý	sarı	イエロー|黄色	黄色
        orange	orange	Orange|orange	orange	naranja	arancione	oranje	laranja	pomarańczowy	orange	orange	oranssi	oransje	oranžová|oranžový	turuncu	オレンジ	橙色
        purple	purple|violet	Lila|lila|violett	violet	morado|violeta	viola	paars	roxo	fioletowy	lila	lilla	violetti	lilla	fialová|fialový	~mor	パープル|紫	紫色
        pink	pink	Rosa|rosa|pink	rose	rosa	rosa	roze	rosa	różowy	rosa	lyserød	vaaleanpunainen	rosa	růžová|růžový	pembe	ピンク	粉色|粉红
        brown	brown	Braun|braun	marron	marrón	marrone	bruin	castanho|marrom	brązowy	brun	brun	ruskea	brun	hnědá|hnědý	kahverengi	ブラウン|茶色	棕色
        beige	beige	Beige|beige	beige	beige	beige	beige	bege	beżowy	beige	beige	beige	beige	béžová|béžový	bej	ベージュ	米色
        cream	~cream|ivory	~Creme|cremeweiß|elfenbein	~crème|ivoire	~crema|marfil	~crema|avorio	~crème|ivoor	~creme|marfim	~kremowy|kość słoniowa	krämvit|elfenben	~creme|elfenben	kermanvalkoinen	~krem|elfenben	krémová	~krem	クリーム|アイボリー	奶油色|象牙白
        silver	silver	Silber|silber	argenté|argent	plateado	argento	zilver	prateado|prata	srebrny	silver	sølv	hopea	sølv	stříbrná|stříbrný	gümüş	シルバー|銀	银色
        gold	gold|golden	Gold|gold|golden	doré	dorado	oro|dorato	goud	dourado	złoty	guld	guld	kulta	gull	zlatá|zlatý	altın	ゴールド|金	金色
        turquoise	turquoise	Türkis|türkis	turquoise	turquesa	turchese	turquoise	turquesa	turkusowy	turkos	turkis	turkoosi	turkis	tyrkysová	turkuaz	ターコイズ	绿松石色|青绿色
        multicolour	multicolour|multicolor|multicoloured	Mehrfarbig|bunt	multicolore	multicolor	multicolore	veelkleurig	multicolor	wielokolorowy	flerfärgad	flerfarvet	monivärinen	flerfarget	vícebarevná	çok renkli	マルチカラー	多色
        """)
}

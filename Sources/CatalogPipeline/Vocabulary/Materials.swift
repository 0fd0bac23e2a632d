extension Vocabulary {
    /// Materials and fabrics. A compound names the more specific entry ("Wildleder" is suede,
    /// not leather); `implies` says what a specific material also is (suede is leather).
    static let materials = Vocabulary(domain: "material", implies: [
        "stainless-steel": ["steel"], "enamel-steel": ["steel"], "ripstop-nylon": ["nylon"], "polyethylene": ["plastic"], "oak": ["wood"], "walnut": ["wood"], "beech": ["wood"], "pine": ["wood"],
        "suede": ["leather"], "nubuck": ["leather"], "merino": ["wool"], "cashmere": ["wool"], "organic-cotton": ["cotton"],
        "recycled-polyester": ["polyester"],
    ], table: """
        id	en	de	fr	es	it	nl	pt	pl	sv	da	fi	nb	cs	tr	ja	zh
        cotton	cotton	Baumwolle|baumwoll	coton	algodón	cotone	katoen	algodão	bawełna	bomull	bomuld	puuvilla	bomull	bavlna	pamuk	コットン|綿	棉|纯棉
        organic-cotton	organic cotton	Bio-Baumwolle|biobaumwolle	coton bio|coton biologique	algodón orgánico	cotone biologico	biologisch katoen	algodão orgânico	bawełna organiczna	ekologisk bomull	økologisk bomuld	luomupuuvilla	økologisk bomull	organická bavlna	organik pamuk	オーガニックコットン	有机棉
        polyester	polyester	Polyester	polyester	poliéster	poliestere	polyester	poliéster	poliester	polyester	polyester	polyesteri	polyester	polyester	polyester	ポリエステル	涤纶|聚酯纤维
        recycled-polyester	recycled polyester	recyceltes Polyester|recyceltem Polyester	polyester recyclé	poliéster reciclado	poliestere riciclato	gerecycled polyester	poliéster reciclado	poliester z recyklingu	återvunnen polyester	genanvendt polyester	kierrätetty polyesteri	resirkulert polyester	recyklovaný polyester	geri dönüştürülmüş polyester	リサイクルポリエステル	再生涤纶|再生聚酯纤维
        nylon	nylon|polyamide	Nylon|Polyamid	nylon|polyamide	nailon|nylon|poliamida	nylon|poliammide	nylon|polyamide	nylon|poliamida	nylon|poliamid	nylon|polyamid	nylon|polyamid	nailon|polyamidi	nylon|polyamid	nylon|polyamid	naylon|poliamid	ナイロン	尼龙|锦纶
        ripstop-nylon	ripstop nylon	Ripstop-Nylon	nylon ripstop	nailon ripstop|nylon ripstop	nylon ripstop	ripstop nylon	nylon ripstop	nylon ripstop	ripstopnylon|ripstop-nylon	ripstop-nylon	ripstop-nailon	ripstop-nylon	ripstopový nylon	ripstop naylon	リップストップナイロン	防撕裂尼龙
        elastane	elastane|spandex	Elasthan	élasthanne	elastano	elastan	elastaan	elastano	elastan	elastan	elastan	elastaani	elastan	elastan	elastan	ポリウレタン|スパンデックス	氨纶
        viscose	viscose|rayon	Viskose	viscose	viscosa	viscosa	viscose	viscose	wiskoza	viskos	viskose	viskoosi	viskose	viskóza	viskon	レーヨン|ビスコース	粘胶纤维
        wool	wool	Wolle	laine	lana	lana	wol	lã	wełna	ull	uld	villa	ull	vlna	yün	ウール	羊毛
        merino	merino wool|merino	Merinowolle	laine mérinos|mérinos	lana merino	lana merino	merinowol	lã merino	wełna merino	merinoull	merinould	merinovilla	merinoull	merino vlna	merinos yünü	メリノウール	美利奴羊毛
        cashmere	cashmere	Kaschmir	cachemire	cachemir	cashmere	kasjmier	caxemira	kaszmir	kashmir	kashmir	kashmir	kasjmir	kašmír	kaşmir	カシミヤ	羊绒
        silk	silk	Seide	soie	seda	seta	zijde	seda	jedwab	siden	silke	silkki	silke	hedvábí	ipek	シルク	真丝|丝绸
        linen	linen	Leinen	~lin	lino	lino	linnen	linho	~len	linne	hør	pellava	~lin	~len	keten	リネン	亚麻
        denim	denim	Denim|Jeansstoff	denim|jean	denim|tela vaquera	denim	denim	ganga|denim	denim	denim	denim	denim	denim	denim	kot|denim	デニム	牛仔布
        fleece	fleece	Fleece	polaire	forro polar	~pile	fleece	velo|fleece	~polar	fleece	fleece	fleece	fleece	fleece	~polar	フリース	抓绒
        down	~down|down fill|down filling	Daunen	~duvet	plumón	~piuma	~dons	~penas	~puch	~dun	~dun	untuva	~dun	prachové peří	kaz tüyü	ダウン	羽绒
        canvas	canvas	Canvas|Segeltuch	~toile	lona	~tela	canvas	lona	~płótno	canvas	canvas	kanvas	canvas	~plátno	kanvas	キャンバス	帆布
        mesh	mesh	Mesh|Netzgewebe	mesh|tissu maillé	malla	~rete|mesh|rete traspirante	mesh	~malha|mesh	~siatka	mesh	mesh	~verkko	mesh	síťovina	~file	メッシュ	网眼布
        leather	leather	Leder	cuir	cuero|~piel	pelle|cuoio	leer	couro|pele	skóra	läder	læder	nahka	lær	kůže	deri	レザー|革	皮革|真皮
        suede	suede	Wildleder|Veloursleder	daim|~suède	~ante	scamosciato|camoscio	suède	camurça	zamsz	mocka	ruskind	mokka	semsket skinn	semiš	süet	スエード	绒面革|麂皮
        nubuck	nubuck	Nubukleder|Nubuk	nubuck	nobuk	nabuk	nubuck	nobuck	nubuk	nubuck	nubuck	nubuk	nubuck	nubuk	nubuk	ヌバック	磨砂皮
        faux-leather	faux leather|vegan leather	Kunstleder	similicuir|cuir synthétique	piel sintética|polipiel	similpelle|ecopelle	kunstleer	pele sintética	skóra ekologiczna|ekoskóra	konstläder	kunstlæder	tekonahka	kunstskinn	koženka	suni deri	合成皮革|フェイクレザー	人造革|PU皮
        rubber	rubber	Gummi	caoutchouc	caucho|goma	gomma	rubber	borracha	guma	gummi	gummi	kumi	gummi	guma	kauçuk	ラバー|ゴム	橡胶
        eva	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA	~EVA
        stainless-steel	stainless steel	Edelstahl	acier inoxydable|inox	acero inoxidable	acciaio inox|acciaio inossidabile	roestvrij staal|rvs	aço inoxidável|inox	stal nierdzewna	rostfritt stål	rustfrit stål	ruostumaton teräs	rustfritt stål	nerezová ocel|nerez	paslanmaz çelik	ステンレス	不锈钢
        steel	steel	Stahl	acier	acero	acciaio	staal	aço	stal	stål	stål	teräs	stål	ocel	çelik	スチール|鋼	钢
        enamel-steel	enamel steel|enamelled steel|enameled steel	Emaillestahl|emaillierter Stahl|Emaille	acier émaillé	acero esmaltado	acciaio smaltato	geëmailleerd staal	aço esmaltado	stal emaliowana	emaljerat stål	emaljeret stål	emaloitu teräs	emaljert stål	smaltovaná ocel	emaye çelik	ホーロー	搪瓷钢|搪瓷
        aluminium	aluminium|aluminum	Aluminium	aluminium	aluminio	alluminio	aluminium	alumínio	aluminium	aluminium	aluminium	alumiini	aluminium	hliník	alüminyum	アルミニウム|アルミ	铝|铝合金
        cast-iron	cast iron	Gusseisen	fonte	hierro fundido	ghisa	gietijzer	ferro fundido	żeliwo	gjutjärn	støbejern	valurauta	støpejern	litina	döküm	鋳鉄	铸铁
        copper	copper	Kupfer	cuivre	cobre	rame	koper	cobre	miedź	koppar	kobber	kupari	kobber	měď	bakır	銅	铜
        brass	brass	Messing	laiton	latón	ottone	messing	latão	mosiądz	mässing	messing	messinki	messing	mosaz	pirinç	真鍮	黄铜
        titanium	titanium	Titan	titane	titanio	titanio	titanium	titânio	tytan	titan	titan	titaani	titan	titan	titanyum	チタン	钛
        wood	wood	Holz	bois	madera	legno	hout	madeira	drewno	trä	træ	~puu	~tre	dřevo	ahşap	木材|木	木|木材
        oak	oak	Eiche	chêne	roble	rovere	eiken|eikenhout	carvalho	dąb	~ek	~eg	tammi	eik	dub	meşe	オーク	橡木
        walnut	walnut	Nussbaum	noyer	nogal	noce	notenhout	nogueira	orzech	valnöt	valnød	pähkinä	valnøtt	ořech	ceviz	ウォールナット	胡桃木
        beech	beech	Buche	hêtre	haya	faggio	beuken	faia	~buk	~bok	bøg	pyökki	bøk	~buk	kayın	ビーチ|ブナ	榉木
        pine	pine	Kiefer	~pin	pino	pino	grenen	pinho	sosna	furu	~fyr	mänty	furu	borovice	çam	パイン|松	松木
        bamboo	bamboo	Bambus	bambou	bambú	bambù	bamboe	bambu	bambus	bambu	bambus	bambu	bambus	bambus	bambu	竹|バンブー	竹
        glass	glass	Glas	verre	vidrio	vetro	glas	vidro	szkło	glas	glas	lasi	glass	sklo	~cam	ガラス	玻璃
        plastic	plastic	Kunststoff	plastique	plástico	plastica	kunststof	plástico	tworzywo sztuczne|plastik	plast	plast	muovi	plast	plast	plastik	プラスチック|樹脂	塑料
        polyethylene	polyethylene	Polyethylen	polyéthylène	polietileno	polietilene	polyetheen|polyethyleen	polietileno	polietylen	polyeten	polyethylen	polyeteeni	polyetylen	polyethylen	polietilen	ポリエチレン	聚乙烯
        ceramic	ceramic	Keramik	céramique	cerámica	ceramica	keramiek	cerâmica	ceramika	keramik	keramik	keramiikka	keramikk	keramika	seramik	セラミック|陶器	陶瓷
        porcelain	porcelain	Porzellan	porcelaine	porcelana	porcellana	porselein	porcelana	porcelana	porslin	porcelæn	posliini	porselen	porcelán	porselen	磁器|ポーセリン	瓷器|瓷
        stoneware	stoneware	Steinzeug	grès	gres	gres	steengoed	grés	kamionka	stengods	stentøj	kivitavara	steintøy	kamenina	taş|stoneware	炻器	炻器
        silicone	silicone	Silikon	silicone	silicona	silicone	siliconen	silicone	silikon	silikon	silikone	silikoni	silikon	silikon	silikon	シリコン	硅胶
        marble	marble	Marmor	marbre	mármol	marmo	marmer	mármore	marmur	marmor	marmor	marmori	marmor	mramor	mermer	大理石	大理石
        """)
}

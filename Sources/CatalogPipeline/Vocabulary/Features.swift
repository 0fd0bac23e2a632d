extension Vocabulary {
    /// Yes/no features, as the phrase a feature list shows for a product that has one
    /// ("wasserdicht", not "Wasserdicht: ja"). A boolean attribute is matched by its code
    /// (`waterproof`, `is_waterproof`, `dishwasher_safe`) or its English label. The fact check
    /// reads copy for them too: a feature the product does not have is an invented claim.
    /// Words that are everyday words too ("leicht": light or easy; "thermal") are `~`.
    static let features = Vocabulary(domain: "feature", implies: ["waterproof": ["water-resistant"]], table: """
        id	en	de	fr	es	it	nl	pt	pl	sv	da	fi	nb	cs	tr	ja	zh
        waterproof	waterproof	wasserdicht	imperméable	impermeable	impermeabile	waterdicht	impermeável	wodoodporny	vattentät	vandtæt	vedenpitävä	vanntett	voděodolný	su geçirmez	防水	防水
        water-resistant	water-resistant|water resistant	wasserabweisend	déperlant|résistant à l'eau	resistente al agua	idrorepellente	waterafstotend	resistente à água	wodoodporny|wodoszczelny	vattenavvisande	vandafvisende	vettä hylkivä	vannavstøtende	voděodpudivý	suya dayanıklı	撥水	防泼水
        breathable	breathable	atmungsaktiv	respirant	transpirable	traspirante	ademend	respirável	oddychający	andas|andningsbar	åndbar	hengittävä	pustende	prodyšný	nefes alabilen	通気性	透气
        windproof	windproof	winddicht	coupe-vent	cortavientos	antivento	winddicht	corta-vento	wiatroszczelny	vindtät	vindtæt	tuulenpitävä	vindtett	větruodolný	rüzgar geçirmez	防風	防风
        insulated	insulated|~thermal	isoliert|wärmend	isolé|isotherme	aislado|~térmico|acolchado	isolato|~termico|imbottito	geïsoleerd	isolado|~térmico	ocieplany|izolowany	isolerad|fodrad	isoleret|foret	eristetty|lämpöeristetty	isolert|foret	zateplený	yalıtımlı	保温|中綿入り	保暖|隔热
        lightweight	lightweight	~leicht	~léger	~ligero	~leggero	~licht	~leve	~lekki	~lätt	~let	~kevyt	~lett	~lehký	~hafif	軽量	轻便|轻量
        dishwasher-safe	dishwasher-safe|dishwasher safe	spülmaschinenfest	lavable au lave-vaisselle	apto para lavavajillas|apta para lavavajillas	lavabile in lavastoviglie	vaatwasserbestendig	lavável na máquina de lavar loiça	można myć w zmywarce	tål maskindisk	tåler opvaskemaskine	konepesunkestävä	tåler oppvaskmaskin	vhodné do myčky	bulaşık makinesinde yıkanabilir	食洗機対応	可用洗碗机清洗
        machine-washable	machine-washable|machine washable	maschinenwaschbar	lavable en machine	lavable a máquina	lavabile in lavatrice	machinewasbaar	lavável na máquina	można prać w pralce	maskintvättbar	kan maskinvaskes	konepestävä	kan maskinvaskes	lze prát v pračce	makinede yıkanabilir	洗濯機で洗える	可机洗
        oven-safe	oven-safe|ovenproof	backofenfest	va au four	apto para horno|apta para horno	adatto al forno	ovenbestendig	pode ir ao forno	można używać w piekarniku	ugnssäker	ovnfast	uuninkestävä	ovnsfast	vhodné do trouby	fırına dayanıklı	オーブン対応	可用于烤箱
        induction-compatible	induction-compatible|induction compatible	induktionsgeeignet	compatible induction	apto para inducción|apta para inducción	adatto all'induzione	geschikt voor inductie	compatível com indução	do indukcji	induktionskompatibel	egnet til induktion	induktioyhteensopiva	egnet for induksjon	vhodné pro indukci	indüksiyon uyumlu	IH対応	适用于电磁炉
        wireless	wireless	kabellos	sans fil	inalámbrico	wireless|senza fili	draadloos	sem fios	bezprzewodowy	trådlös	trådløs	langaton	trådløs	bezdrátový	kablosuz	ワイヤレス	无线
        rechargeable	rechargeable	wiederaufladbar|aufladbar	rechargeable	recargable	ricaricabile	oplaadbaar	recarregável	akumulatorowy|ładowalny	laddningsbar|uppladdningsbar	genopladelig	ladattava	oppladbar	nabíjecí	şarj edilebilir	充電式	可充电
        foldable	foldable|folding	faltbar|klappbar	pliable	plegable	pieghevole	opvouwbaar	dobrável	składany	hopfällbar	sammenfoldelig	taitettava	sammenleggbar	skládací	katlanabilir	折りたたみ式	可折叠
        adjustable	adjustable	verstellbar	réglable	ajustable|regulable	regolabile	verstelbaar	ajustável	regulowany	justerbar	justerbar	säädettävä	justerbar	nastavitelný	ayarlanabilir	調節可能	可调节
        non-slip	non-slip|slip-resistant	rutschfest	antidérapant	antideslizante	antiscivolo	antislip	antiderrapante	antypoślizgowy	halkfri	skridsikker	liukumaton	sklisikker	protiskluzový	kaymaz	滑り止め	防滑
        non-stick	non-stick|nonstick	antihaftbeschichtet|Antihaft-Beschichtung	antiadhésif|antiadhésive	antiadherente	antiaderente	antiaanbak|antiaanbaklaag	antiaderente	nieprzywierający	non-stick	non-stick	tarttumaton	non-stick	nepřilnavý	yapışmaz	焦げ付き防止|フッ素加工	不粘
        vegan	vegan	vegan	vegan|végétalien	vegano	vegano	veganistisch|vegan	vegano	wegański	vegansk	vegansk	vegaaninen	vegansk	veganský	vegan	ヴィーガン	纯素
        recycled	recycled	recycelt	recyclé	reciclado	riciclato	gerecycled	reciclado	z recyklingu	återvunnen	genanvendt	kierrätetty	resirkulert	recyklovaný	geri dönüştürülmüş	リサイクル素材	~再生|回收材料
        bpa-free	BPA-free|BPA free	BPA-frei	sans BPA	sin BPA	senza BPA	BPA-vrij	sem BPA	bez BPA	BPA-fri	BPA-fri	BPA-vapaa	BPA-fri	bez BPA	BPA içermez	BPAフリー	不含BPA
        """)
}

extension Vocabulary {
    /// Sizes and fit, as a value stands after its label ("Passform: schmal", "Coupe :
    /// ajustée", "Taille : taille unique", "版型：修身"). Letter sizes (S, M, XL) and numbers read the same
    /// everywhere and are not listed. The fact check does not read these: fit is a matter of
    /// wording, not a claim a model invents.
    static let sizes = Vocabulary(domain: "size", table: """
        id	en	de	fr	es	it	nl	pt	pl	sv	da	fi	nb	cs	tr	ja	zh
        one-size	one size|one-size|onesize	Einheitsgröße	taille unique	talla única	taglia unica	one size|één maat	tamanho único	rozmiar uniwersalny	one size|en storlek	one size|én størrelse	yksi koko	én størrelse	univerzální velikost	tek beden	フリーサイズ	均码
        regular-fit	regular|regular fit	normal|normale Passform|Regular Fit	normale|coupe normale|coupe régulière	regular|corte regular	regolare|vestibilità regolare	normaal|normale pasvorm|regular fit	regular|corte regular	regularny|krój regularny	normal|normal passform	normal|normal pasform	normaali|normaali istuvuus	normal|normal passform	běžný|běžný střih	normal|normal kesim	レギュラー|レギュラーフィット	常规|常规版型
        slim-fit	slim|slim fit	schmal|schmale Passform|Slim Fit	ajustée|coupe ajustée|slim	entallado|corte entallado|corte slim	slim|vestibilità slim	nauwsluitend|slim fit	slim|corte slim	dopasowany|krój dopasowany|slim fit	smal|smal passform	smal|smal pasform	kapea|kapea istuvuus	smal|smal passform	úzký|úzký střih	dar|dar kesim	スリム|スリムフィット	修身|修身版型
        relaxed-fit	relaxed|relaxed fit|loose fit	locker|lockere Passform|Relaxed Fit	ample|coupe ample|coupe décontractée	holgado|corte holgado	comoda|vestibilità comoda	los|losse pasvorm|relaxed fit	largo|corte largo	luźny|krój luźny	ledig|ledig passform	løs|løs pasform	väljä|väljä istuvuus	løs|løs passform	volný|volný střih	rahat|rahat kesim	リラックス|リラックスフィット	宽松|宽松版型
        oversized	oversized|oversize	Oversized	oversize	oversize	oversize	oversized	oversized	oversize	oversize	oversize	oversize	oversize	oversize	oversize	オーバーサイズ	廓形
        true-to-size	true to size|fits true to size	fällt normal aus	taille normalement	talla normal	veste regolare	valt normaal	veste normal	rozmiar standardowy	normal i storleken	normal i størrelsen	normaali koko	normal i størrelsen	odpovídá velikosti	normal kalıp	標準サイズ	尺码标准
        runs-small	runs small|fits small	fällt klein aus	taille petit	talla pequeña	veste piccolo	valt klein	veste pequeno	rozmiar zaniżony	liten i storleken	lille i størrelsen	pieni koko	liten i størrelsen	menší velikost	dar kalıp	小さめ	偏小
        runs-large	runs large|fits large	fällt groß aus	taille grand	talla grande	veste grande	valt groot	veste grande	rozmiar zawyżony	stor i storleken	stor i størrelsen	suuri koko	stor i størrelsen	větší velikost	geniş kalıp	大きめ	偏大
        small	small	klein	petit	pequeño	piccolo	klein	pequeno	mały	liten	lille	pieni	liten	malý	küçük	小	小号
        medium	medium	mittel	moyen	mediano	medio	middel	médio	średni	mellan	mellem	keskikokoinen	middels	střední	orta	中	中号
        large	large	groß	grand	grande	grande	groot	grande	duży	stor	stor	suuri	stor	velký	büyük	大	大号
        extra-large	extra large	extra groß	très grand	extra grande	extra large	extra groot	extra grande	bardzo duży	extra stor	ekstra stor	erittäin suuri	ekstra stor	extra velký	ekstra büyük	特大	特大号
        long	long	lang	long	largo	lungo	lang	longo	długi	lång	lang	pitkä	lang	dlouhý	uzun	ロング丈	加长
        short	short	kurz	court	corto	corto	kort	curto	krótki	kort	kort	lyhyt	kort	krátký	kısa	ショート丈	短款
        """)
}

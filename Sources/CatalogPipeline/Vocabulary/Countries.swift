extension Vocabulary {
    /// Countries of origin, by ISO 3166 code: the name first, then the forms an origin claim
    /// puts them in (Polish, Czech and Finnish locatives: "we Włoszech", "v Itálii",
    /// "Italiassa"). Multi-word names are written with spaces: the checks read words.
    static let countries = Vocabulary(domain: "country", table: """
        id	en	de	fr	es	it	nl	pt	pl	sv	da	fi	nb	cs	tr	ja	zh
        cn	China|the PRC	China	Chine	China	Cina	China	China	Chiny|Chinach	Kina	Kina	Kiina|Kiinassa	Kina	Čína|Číně	Çin	中国	中国
        de	Germany	Deutschland	Allemagne	Alemania	Germania	Duitsland	Alemanha	Niemcy|Niemczech	Tyskland	Tyskland	Saksa|Saksassa	Tyskland	Německo|Německu	Almanya	ドイツ	德国
        it	Italy	Italien	Italie	Italia	Italia	Italië	Itália	Włochy|Włoszech	Italien	Italien	Italia|Italiassa	Italia	Itálie|Itálii	İtalya	イタリア	意大利
        fr	France	Frankreich	France	Francia	Francia	Frankrijk	França	Francja|Francji	Frankrike	Frankrig	Ranska|Ranskassa	Frankrike	Francie|Francii	Fransa	フランス	法国
        es	Spain	Spanien	Espagne	España	Spagna	Spanje	Espanha	Hiszpania|Hiszpanii	Spanien	Spanien	Espanja|Espanjassa	Spania	Španělsko|Španělsku	İspanya	スペイン	西班牙
        pt	Portugal	Portugal	Portugal	Portugal	Portogallo	Portugal	Portugal	Portugalia|Portugalii	Portugal	Portugal	Portugali|Portugalissa	Portugal	Portugalsko|Portugalsku	Portekiz	ポルトガル	葡萄牙
        gb	United Kingdom|UK|Great Britain|England	Vereinigtes Königreich|Vereinigten Königreich|Großbritannien|England	Royaume Uni|Angleterre	Reino Unido|Inglaterra	Regno Unito|Inghilterra	Verenigd Koninkrijk|Engeland	Reino Unido|Inglaterra	Wielka Brytania|Wielkiej Brytanii|Anglii	Storbritannien|England	Storbritannien|England	Yhdistynyt kuningaskunta|Isossa Britanniassa|Englannissa	Storbritannia|England	Velká Británie|Velké Británii|Anglii	Birleşik Krallık|İngiltere	イギリス|英国	英国
        us	United States|USA|US|America	USA|Vereinigte Staaten|Vereinigten Staaten	États Unis|USA	Estados Unidos|EE UU|EEUU	Stati Uniti|USA	Verenigde Staten|VS	Estados Unidos|EUA	Stany Zjednoczone|Stanach Zjednoczonych|USA	USA	USA	Yhdysvallat|Yhdysvalloissa	USA	Spojené státy|Spojených státech|USA	ABD|Amerika	アメリカ|米国	美国
        vn	Vietnam|Viet Nam	Vietnam	Viêt Nam|Vietnam	Vietnam	Vietnam	Vietnam	Vietname	Wietnam|Wietnamie	Vietnam	Vietnam	Vietnam|Vietnamissa	Vietnam	Vietnam|Vietnamu	Vietnam	ベトナム	越南
        in	India	Indien	Inde	India	India	India	Índia	Indie|Indiach	Indien	Indien	Intia|Intiassa	India	Indie|Indii	Hindistan	インド	印度
        bd	Bangladesh	Bangladesch	Bangladesh	Bangladés	Bangladesh	Bangladesh	Bangladesh	Bangladesz|Bangladeszu	Bangladesh	Bangladesh	Bangladesh|Bangladeshissa	Bangladesh	Bangladéš|Bangladéši	Bangladeş	バングラデシュ	孟加拉国|孟加拉
        tr	Turkey|Türkiye	Türkei	Turquie	Turquía	Turchia	Turkije	Turquia	Turcja|Turcji	Turkiet	Tyrkiet	Turkki|Turkissa	Tyrkia	Turecko|Turecku	Türkiye	トルコ	土耳其
        pl	Poland	Polen	Pologne	Polonia	Polonia	Polen	Polónia|Polônia	Polska|Polsce	Polen	Polen	Puola|Puolassa	Polen	Polsko|Polsku	Polonya	ポーランド	波兰
        cz	Czech Republic|Czechia	Tschechien|Tschechische Republik	République tchèque|Tchéquie	República Checa|Chequia	Repubblica Ceca	Tsjechië	República Checa|Chéquia	Czechy|Czechach	Tjeckien	Tjekkiet	Tšekki|Tšekissä	Tsjekkia	Česko|Česku|Česká republika|České republice	Çekya|Çek Cumhuriyeti	チェコ	捷克
        jp	Japan	Japan	Japon	Japón	Giappone	Japan	Japão	Japonia|Japonii	Japan	Japan	Japani|Japanissa	Japan	Japonsko|Japonsku	Japonya	日本	日本
        tw	Taiwan	Taiwan	Taïwan	Taiwán	Taiwan	Taiwan	Taiwan	Tajwan|Tajwanie	Taiwan	Taiwan	Taiwan|Taiwanissa	Taiwan	Tchaj wan|Tchaj wanu	Tayvan	台湾	台湾
        kr	South Korea|Korea	Südkorea|Korea	Corée du Sud|Corée	Corea del Sur|Corea	Corea del Sud|Corea	Zuid Korea|Korea	Coreia do Sul|Coreia	Korea Południowa|Korei	Sydkorea	Sydkorea	Etelä Korea|Koreassa	Sør Korea	Jižní Korea|Koreji	Güney Kore|Kore	韓国	韩国
        nl	Netherlands|Holland	Niederlande|Niederlanden|Holland	Pays Bas	Países Bajos|Holanda	Paesi Bassi|Olanda	Nederland	Países Baixos|Holanda	Holandia|Holandii	Nederländerna	Holland|Nederlandene	Alankomaat|Alankomaissa|Hollannissa	Nederland	Nizozemsko|Nizozemsku	Hollanda	オランダ	荷兰
        be	Belgium	Belgien	Belgique	Bélgica	Belgio	België	Bélgica	Belgia|Belgii	Belgien	Belgien	Belgia|Belgiassa	Belgia	Belgie|Belgii	Belçika	ベルギー	比利时
        se	Sweden	Schweden	Suède	Suecia	Svezia	Zweden	Suécia	Szwecja|Szwecji	Sverige	Sverige	Ruotsi|Ruotsissa	Sverige	Švédsko|Švédsku	İsveç	スウェーデン	瑞典
        dk	Denmark	Dänemark	Danemark	Dinamarca	Danimarca	Denemarken	Dinamarca	Dania|Danii	Danmark	Danmark	Tanska|Tanskassa	Danmark	Dánsko|Dánsku	Danimarka	デンマーク	丹麦
        fi	Finland	Finnland	Finlande	Finlandia	Finlandia	Finland	Finlândia	Finlandia|Finlandii	Finland	Finland	Suomi|Suomessa	Finland	Finsko|Finsku	Finlandiya	フィンランド	芬兰
        no	Norway	Norwegen	Norvège	Noruega	Norvegia	Noorwegen	Noruega	Norwegia|Norwegii	Norge	Norge	Norja|Norjassa	Norge	Norsko|Norsku	Norveç	ノルウェー	挪威
        ch	Switzerland	Schweiz	Suisse	Suiza	Svizzera	Zwitserland	Suíça	Szwajcaria|Szwajcarii	Schweiz	Schweiz	Sveitsi|Sveitsissä	Sveits	Švýcarsko|Švýcarsku	İsviçre	スイス	瑞士
        at	Austria	Österreich	Autriche	Austria	Austria	Oostenrijk	Áustria	Austria|Austrii	Österrike	Østrig	Itävalta|Itävallassa	Østerrike	Rakousko|Rakousku	Avusturya	オーストリア	奥地利
        id	Indonesia	Indonesien	Indonésie	Indonesia	Indonesia	Indonesië	Indonésia	Indonezja|Indonezji	Indonesien	Indonesien	Indonesia|Indonesiassa	Indonesia	Indonésie|Indonésii	Endonezya	インドネシア	印度尼西亚|印尼
        th	Thailand	Thailand	Thaïlande	Tailandia	Thailandia	Thailand	Tailândia	Tajlandia|Tajlandii	Thailand	Thailand	Thaimaa|Thaimaassa	Thailand	Thajsko|Thajsku	Tayland	タイ	泰国
        mx	Mexico	Mexiko	Mexique	México	Messico	Mexico	México	Meksyk|Meksyku	Mexiko	Mexico	Meksiko|Meksikossa	Mexico	Mexiko|Mexiku	Meksika	メキシコ	墨西哥
        br	Brazil	Brasilien	Brésil	Brasil	Brasile	Brazilië	Brasil	Brazylia|Brazylii	Brasilien	Brasilien	Brasilia|Brasiliassa	Brasil	Brazílie|Brazílii	Brezilya	ブラジル	巴西
        ro	Romania	Rumänien	Roumanie	Rumanía	Romania	Roemenië	Roménia	Rumunia|Rumunii	Rumänien	Rumænien	Romania|Romaniassa	Romania	Rumunsko|Rumunsku	Romanya	ルーマニア	罗马尼亚
        kh	Cambodia	Kambodscha	Cambodge	Camboya	Cambogia	Cambodja	Camboja	Kambodża|Kambodży	Kambodja	Cambodja	Kambodža|Kambodžassa	Kambodsja	Kambodža|Kambodži	Kamboçya	カンボジア	柬埔寨
        pk	Pakistan	Pakistan	Pakistan	Pakistán	Pakistan	Pakistan	Paquistão	Pakistan|Pakistanie	Pakistan	Pakistan	Pakistan|Pakistanissa	Pakistan	Pákistán|Pákistánu	Pakistan	パキスタン	巴基斯坦
        ma	Morocco	Marokko	Maroc	Marruecos	Marocco	Marokko	Marrocos	Maroko|Maroku	Marocko	Marokko	Marokko|Marokossa	Marokko	Maroko|Maroku	Fas	モロッコ	摩洛哥
        tn	Tunisia	Tunesien	Tunisie	Túnez	Tunisia	Tunesië	Tunísia	Tunezja|Tunezji	Tunisien	Tunesien	Tunisia|Tunisiassa	Tunisia	Tunisko|Tunisku	Tunus	チュニジア	突尼斯
        lk	Sri Lanka	Sri Lanka	Sri Lanka	Sri Lanka	Sri Lanka	Sri Lanka	Sri Lanka	Sri Lanka|Sri Lance	Sri Lanka	Sri Lanka	Sri Lanka|Sri Lankassa	Sri Lanka	Srí Lanka|Srí Lance	Sri Lanka	スリランカ	斯里兰卡
        my	Malaysia	Malaysia	Malaisie	Malasia	Malaysia	Maleisië	Malásia	Malezja|Malezji	Malaysia	Malaysia	Malesia|Malesiassa	Malaysia	Malajsie|Malajsii	Malezya	マレーシア	马来西亚
        """)
}

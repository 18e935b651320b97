"""The demo content: the BaltMet Inno project (2005-2007), restated from public facts.

Where the facts are uncertain the text says less rather than invent: the old
site numbered only WP 3 and WP 5 for certain, so the other three themes take
the remaining numbers; news items are dated on or just after their events.
"""

import datetime

CITIES = [
    # name, slug, country, time zone
    ("Helsinki", "helsinki", "FI", "Europe/Helsinki"),
    ("Riga", "riga", "LV", "Europe/Riga"),
    ("Berlin", "berlin", "DE", "Europe/Berlin"),
    ("Stockholm", "stockholm", "SE", "Europe/Stockholm"),
    ("Copenhagen", "copenhagen", "DK", "Europe/Copenhagen"),
    ("Malmö", "malmo", "SE", "Europe/Stockholm"),
    ("Tallinn", "tallinn", "EE", "Europe/Tallinn"),
    ("St Petersburg", "st-petersburg", "RU", "Europe/Moscow"),
    ("Vilnius", "vilnius", "LT", "Europe/Vilnius"),
    ("Warsaw", "warsaw", "PL", "Europe/Warsaw"),
    ("Oslo", "oslo", "NO", "Europe/Oslo"),
    ("Brussels", "brussels", "BE", "Europe/Brussels"),
]

PARTNERS = [
    # name, short name, slug, city slug, role, web site
    (
        "City of Helsinki",
        "Helsinki",
        "city-of-helsinki",
        "helsinki",
        "lead_partner",
        "https://www.hel.fi/",
    ),
    (
        "Culminatum Ltd Oy – Helsinki Region Centre of Expertise",
        "Culminatum",
        "culminatum",
        "helsinki",
        "coordinator",
        "",
    ),
    ("City of Riga", "Riga", "city-of-riga", "riga", "partner", "https://www.riga.lv/"),
    (
        "Berlin Government",
        "Berlin",
        "berlin-government",
        "berlin",
        "partner",
        "https://www.berlin.de/",
    ),
    (
        "TSB Technologiestiftung Berlin",
        "TSB",
        "tsb-berlin",
        "berlin",
        "partner",
        "https://www.technologiestiftung-berlin.de/",
    ),
    ("WISTA Management GmbH", "WISTA", "wista", "berlin", "partner", "https://www.wista.de/"),
    (
        "Stockholm Business Region",
        "Stockholm Business Region",
        "stockholm-business-region",
        "stockholm",
        "partner",
        "",
    ),
    (
        "Stockholm County Administrative Board",
        "Länsstyrelsen Stockholm",
        "stockholm-county-administrative-board",
        "stockholm",
        "partner",
        "",
    ),
    (
        "City of Copenhagen",
        "Copenhagen",
        "city-of-copenhagen",
        "copenhagen",
        "partner",
        "https://www.kk.dk/",
    ),
    (
        "EVU – Erhvervscenter for Etablering, Vækst og Udvikling",
        "EVU",
        "evu",
        "copenhagen",
        "partner",
        "",
    ),
    ("City of Malmö", "Malmö", "city-of-malmo", "malmo", "partner", "https://malmo.se/"),
    (
        "City of Tallinn",
        "Tallinn",
        "city-of-tallinn",
        "tallinn",
        "partner",
        "https://www.tallinn.ee/",
    ),
    (
        "City of St Petersburg, Committee for External Relations and Tourism",
        "St Petersburg",
        "city-of-st-petersburg",
        "st-petersburg",
        "partner",
        "",
    ),
    (
        "St Petersburg State University, Interdisciplinary Centre",
        "SPbU",
        "st-petersburg-state-university",
        "st-petersburg",
        "partner",
        "",
    ),
    ("City of Vilnius", "Vilnius", "city-of-vilnius", "vilnius", "observer", ""),
    ("City of Warsaw", "Warsaw", "city-of-warsaw", "warsaw", "observer", ""),
    ("City of Oslo", "Oslo", "city-of-oslo", "oslo", "observer", ""),
]

HOME = {
    "title": "BaltMet Inno",
    "lead": (
        "BaltMet Inno, the Baltic Metropolises Innovation Strategy, brought the capitals and "
        "metropolises of the Baltic Sea Region together to make innovation policy across "
        "borders, from 2005 to 2007."
    ),
    "body": (
        "<p>The metropolitan areas around the Baltic Sea can act as engines of growth. In "
        "BaltMet Inno they set out to do so together: as makers of innovation policy at the "
        "local, regional, national and international level.</p>"
        "<p>The project ran from 1 January 2005 to 31 December 2007 with a budget of about "
        "EUR 2.6 million. It was a Baltic Sea Region INTERREG III B project, part-financed by "
        "the European Union, and a flagship project of the BaltMet network of the region's "
        "capitals and metropolises.</p>"
        "<p>The City of Helsinki was lead partner; Culminatum Ltd Oy, the Helsinki Region "
        "Centre of Expertise, co-ordinated the work of fourteen partners in eight "
        "metropolises, with Oslo, Vilnius and Warsaw as observers.</p>"
    ),
}

NEWS_INDEX = {
    "title": "News",
    "slug": "news",
    "intro": "Workshops, seminars and conferences of the BaltMet Inno partners.",
}
WORK_PACKAGE_INDEX = {
    "title": "Work packages",
    "slug": "work-packages",
    "intro": "<p>The project's work was divided into five work packages.</p>",
}
PARTNER_INDEX = {
    "title": "Partners",
    "slug": "partners",
    "intro": (
        "<p>Fourteen organisations in eight metropolises took part as partners; three "
        "capitals followed the work as observers.</p>"
    ),
}

WORK_PACKAGES = [
    {
        "number": 1,
        "title": "Innovation strategy development",
        "slug": "innovation-strategy-development",
        "objective": (
            "Develop innovation strategies for the metropolitan areas that complement one "
            "another, with a local advisory board in each city region."
        ),
        "description": (
            "<p>Each metropolitan area set up a local advisory board. Transnational workshops "
            "and national seminars compared the strategies of the cities and looked for where "
            "they could support each other.</p>"
        ),
    },
    {
        "number": 2,
        "title": "City marketing",
        "slug": "city-marketing",
        "objective": "Compare and develop the marketing strategies of the metropolises.",
        "description": "",
    },
    {
        "number": 3,
        "title": "Cluster Development",
        "slug": "cluster-development",
        "objective": (
            "Describe the emerging clusters of each metropolis, analyse three clusters per "
            "region across borders, and agree a common definition of a cluster."
        ),
        "description": (
            "<p>The partners first described the clusters in an early phase of development in "
            "each metropolis. Three clusters per region were chosen for transnational analysis, "
            "each with a SWOT analysis, on the basis of a cluster definition shared by all.</p>"
        ),
    },
    {
        "number": 4,
        "title": "Innovation competences and entrepreneurial skills",
        "slug": "innovation-competences",
        "objective": (
            "Strengthen innovation competences and entrepreneurial skills with education and "
            "science institutions, through action learning and reflection groups."
        ),
        "description": "",
    },
    {
        "number": 5,
        "title": "Joint innovation policy framework",
        "slug": "joint-innovation-policy-framework",
        "objective": (
            "Bring the results of the other work packages together into a joint framework "
            "for the innovation policies of the Baltic Sea Region."
        ),
        "description": (
            "<p>This part of the work package runs in four milestones. It builds on what the "
            "other work packages found and on earlier cross-border co-operation, such as the "
            "Øresund region and the Helsinki–Tallinn Euregio.</p>"
        ),
        "milestones": [
            {
                "number": 3,
                "period": ("2006-01", "2006-06"),
                "description": (
                    "Every metropolitan region names a member of the working group. The work "
                    "package co-ordinator plans the group's first, preparatory meeting, gathers "
                    "and analyses what the other work packages have learnt, and by the end of "
                    "June sends the group a first draft of the key elements of the framework."
                ),
                "meetings": [
                    {
                        "kind": "working_group_meeting",
                        "name": "Preparatory meeting",
                        "month": "2006-03",
                        "city": "copenhagen",
                    },
                ],
            },
            {
                "number": 4,
                "period": ("2006-07", "2006-12"),
                "description": (
                    "The working group elaborates the key elements at a workshop that the "
                    "co-ordinator organises with the local partner; the co-ordinator then "
                    "develops the framework further and sends it to all partners. In October "
                    "every city partner discusses it in its local advisory board and reports the "
                    "results to the co-ordinator by the end of November."
                ),
                "meetings": [
                    {
                        "kind": "workshop",
                        "month": "2006-08",
                        "city": "malmo",
                        "host_partners": ["city-of-malmo"],
                    },
                    {
                        "kind": "advisory_board_meeting",
                        "month": "2006-10",
                        "in_every_partner_city": True,
                        "organiser": "each_city_partner",
                    },
                ],
            },
            {
                "number": 5,
                "period": ("2007-01", "2007-06"),
                "description": (
                    "On the basis of the local consultations, and drawing on work package 2, "
                    "the co-ordinator examines the elements of the framework more closely, above "
                    "all urban policies and systems at the transnational level. The working "
                    "group discusses the study; the revised version is then presented to cities, "
                    "regional authorities and national ministries at national seminars, each "
                    "prepared by a meeting of the local advisory board."
                ),
                "meetings": [
                    {"kind": "working_group_meeting", "month": "2007-02", "city": "warsaw"},
                    {
                        "kind": "national_seminar",
                        "month": "2007-04",
                        "in_every_partner_city": True,
                        "organiser": "each_city_partner",
                    },
                ],
            },
            {
                "number": 6,
                "period": ("2007-07", "2007-12"),
                "description": (
                    "The working group discusses the draft final report at a workshop. The "
                    "final study and framework are released at a conference organised with the "
                    "co-ordinators of work packages 1 and 5, for European cities, regional and "
                    "national authorities and officials of the European Commission. The report "
                    "is published in print and on this web site."
                ),
                "meetings": [
                    {
                        "kind": "workshop",
                        "name": "Discussion of the draft final report",
                        "month": "2007-08",
                        "city": "copenhagen",
                    },
                    {
                        "kind": "conference",
                        "name": "Release of the final study and framework",
                        "month": "2007-11",
                        "city": "brussels",
                    },
                ],
            },
        ],
    },
]

NEWS = [
    {
        "title": "Joint Innovation Policies for the Baltic Sea Region: workshop in Helsinki",
        "slug": "workshop-helsinki-2006",
        "date": datetime.datetime(2006, 10, 31, 9, 0),
        "city": "helsinki",
        "teaser": (
            'Partners met in Helsinki on 31 October 2006 for the workshop "Joint Innovation '
            'Policies for the Baltic Sea Region".'
        ),
        "body": [
            "The workshop in Helsinki asked what the metropolises of the Baltic Sea Region could "
            "achieve by making innovation policy together rather than each on its own.",
        ],
        "event": {"start": datetime.date(2006, 10, 31), "venue": "", "city": "helsinki"},
        "tags": ["workshop", "innovation policy"],
        "work_packages": [5],
        "partners": ["city-of-helsinki", "culminatum"],
        "image": ("Helsinki workshop", "#0b5c8a"),
    },
    {
        "title": "BaltMet Inno workshops in St Petersburg, 13–15 June 2007",
        "slug": "workshops-st-petersburg-june-2007",
        "date": datetime.datetime(2007, 6, 15, 17, 0),
        "city": "st-petersburg",
        "teaser": (
            "From 13 to 15 June 2007 the City of St Petersburg hosted BaltMet Inno workshops "
            "and meetings of the BaltMet network."
        ),
        "body": [
            "For three days in June the City of St Petersburg was host to the project: "
            "BaltMet Inno's workshops ran alongside meetings of the BaltMet network of Baltic "
            "Sea Region capitals and metropolises.",
        ],
        "event": {
            "start": datetime.date(2007, 6, 13),
            "end": datetime.date(2007, 6, 15),
            "city": "st-petersburg",
        },
        "tags": ["workshop", "BaltMet network"],
        "work_packages": [],
        "partners": ["city-of-st-petersburg"],
        "image": ("St Petersburg workshops", "#7a2e8c"),
    },
    {
        "title": "Seminar at the Open Days in Brussels on 9 October 2007",
        "slug": "open-days-seminar-announcement",
        "date": datetime.datetime(2007, 9, 17, 10, 0),
        "city": "brussels",
        "teaser": (
            'With the Baltic Sea Group, BaltMet Inno arranges the seminar "Boosting Innovation '
            'through Metropolitan Partnership" at the EU Open Days.'
        ),
        "body": [
            "During the Open Days in Brussels the project presents how metropolitan partnership "
            "can boost innovation. The seminar is arranged together with the Baltic Sea Group.",
        ],
        "event": {"start": datetime.date(2007, 10, 9), "city": "brussels"},
        "tags": ["seminar", "Open Days"],
        "work_packages": [],
        "partners": [],
        "image": ("Open Days seminar", "#1f6f3f"),
    },
    {
        "title": "BaltMet Inno seminar at the Open Days in Brussels",
        "slug": "open-days-seminar-report",
        "date": datetime.datetime(2007, 10, 10, 12, 0),
        "city": "brussels",
        "teaser": (
            'On 9 October 2007 BaltMet Inno held its seminar "Boosting Innovation through '
            'Metropolitan Partnership" at the Open Days in Brussels.'
        ),
        "body": [
            "The seminar at the Open Days, arranged with the Baltic Sea Group, brought the "
            "project's experience of metropolitan partnership to a European audience.",
        ],
        "event": {"start": datetime.date(2007, 10, 9), "city": "brussels"},
        "tags": ["seminar", "Open Days"],
        "work_packages": [],
        "partners": [],
        "image": None,
    },
    {
        "title": 'WP 3 "Cluster Development" final conference in Berlin',
        "slug": "cluster-development-final-conference",
        "date": datetime.datetime(2007, 11, 13, 18, 0),
        "city": "berlin",
        "teaser": (
            'On 13 November 2007 Berlin hosted "Transnational Cluster Alliances – Connecting '
            'Neighbours in the Baltic Sea Region", the final conference of work package 3.'
        ),
        "body": [
            'The final conference of work package 3, "Cluster Development", was hosted by '
            "TSB Innovationsagentur Berlin GmbH together with WISTA Management GmbH. Under the "
            'title "Transnational Cluster Alliances – Connecting Neighbours in the Baltic Sea '
            'Region" it presented how clusters in the metropolises can work across borders.',
        ],
        "event": {"start": datetime.date(2007, 11, 13), "city": "berlin"},
        "tags": ["conference", "clusters"],
        "work_packages": [3],
        "partners": ["tsb-berlin", "wista"],
        "image": ("Cluster alliances, Berlin", "#a33b20"),
    },
]

# The Latvian side of the site: the home page translated, the news section and the
# partners as aliases of the English ones (as translating one page in the admin
# adds them), and three news items translated. Keyed by the English item's slug.
LATVIAN_HOME = {
    "title": "BaltMet Inno",
    "lead": (
        "BaltMet Inno, Baltijas metropoļu inovāciju stratēģija, no 2005. līdz 2007. gadam "
        "apvienoja Baltijas jūras reģiona galvaspilsētas un metropoles, lai tās kopā veidotu "
        "inovāciju politiku pāri robežām."
    ),
    "body": (
        "<p>Baltijas jūras reģiona metropoles var būt izaugsmes dzinēji. Projektā BaltMet Inno "
        "tās to centās panākt kopīgi: kā inovāciju politikas veidotājas vietējā, reģionālā, "
        "valsts un starptautiskā līmenī.</p>"
        "<p>Projekts ilga no 2005. gada 1. janvāra līdz 2007. gada 31. decembrim, tā budžets "
        "bija aptuveni 2,6 miljoni eiro. Tas bija Baltijas jūras reģiona programmas INTERREG "
        "III B projekts, ko līdzfinansēja Eiropas Savienība, un reģiona galvaspilsētu un "
        "metropoļu tīkla BaltMet karogprojekts.</p>"
        "<p>Vadošais partneris bija Helsinku pilsēta; četrpadsmit partneru darbu astoņās "
        "metropolēs koordinēja Helsinku reģiona kompetences centrs Culminatum Ltd Oy, bet "
        "Oslo, Viļņa un Varšava darbam sekoja kā novērotājas.</p>"
    ),
}

LATVIAN_NEWS = {
    "workshops-st-petersburg-june-2007": {
        "title": "BaltMet Inno darbnīcas Sanktpēterburgā",
        "teaser": (
            "No 2007. gada 13. līdz 15. jūnijam Sanktpēterburgas pilsēta uzņēma BaltMet Inno "
            "darbnīcas un BaltMet tīkla sanāksmes."
        ),
        "body": [
            "Trīs jūnija dienas Sanktpēterburgas pilsēta bija projekta namatēvs: BaltMet Inno "
            "darbnīcas notika vienlaikus ar Baltijas jūras reģiona galvaspilsētu un metropoļu "
            "tīkla BaltMet sanāksmēm.",
        ],
    },
    "open-days-seminar-report": {
        "title": "BaltMet Inno seminārs Atvērto durvju dienās Briselē",
        "teaser": (
            "2007. gada 9. oktobrī BaltMet Inno Atvērto durvju dienās Briselē rīkoja semināru "
            "„Boosting Innovation through Metropolitan Partnership”."
        ),
        "body": [
            "Seminārs Atvērto durvju dienās, ko projekts rīkoja kopā ar Baltijas jūras grupu "
            "(Baltic Sea Group), iepazīstināja Eiropas klausītājus ar projekta pieredzi "
            "metropoļu partnerībā.",
        ],
    },
    "cluster-development-final-conference": {
        "title": "3. darba paketes „Klasteru attīstība” noslēguma konference Berlīnē",
        "teaser": (
            "2007. gada 13. novembrī Berlīnē notika 3. darba paketes noslēguma konference "
            "„Transnational Cluster Alliances – Connecting Neighbours in the Baltic Sea Region”."
        ),
        "body": [
            "3. darba paketes „Klasteru attīstība” noslēguma konferenci rīkoja TSB "
            "Innovationsagentur Berlin GmbH kopā ar WISTA Management GmbH. Tajā tika parādīts, "
            "kā metropoļu klasteri var sadarboties pāri robežām.",
        ],
    },
}

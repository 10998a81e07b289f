"""The second example topic: a self-written corpus on a city congestion charge, with its labels.

Every text here was written for framelens (no third-party text): ten documents on the
congestion charge of the invented city of Harwick, framed either as an unfair **burden**
(a cash grab, a tax on workers and small traders) or as a **public good** (cleaner air,
safer streets, better buses), or reported as plain facts (**neutral**). Each paragraph is one
passage: ``(text, frame, stance)``. ``stance`` is the codebook's: ``endorsed`` (the author's
own voice), ``reported`` (attributed to others), ``refuted`` (the passage raises the other
frame's claim to reject it: "a cash grab? that is a myth" is public_good, refuted), ``none``.

``python corpus/tools/make_congestion.py`` writes ``corpus/congestion/*.md`` and
``corpus/congestion_gold.jsonl`` from this file.
"""

B, P, N = "burden", "public_good", "neutral"

DOCS = {
    "council_notice": ("How the Harwick congestion charge will work", "City Transport Office", "2025-03-02", [
        ("From 1 June, drivers entering the Harwick inner zone between 7 am and 7 pm on weekdays will pay a daily "
         "charge of £8. Vehicles are identified by number-plate readers at 42 entry points.", N, "none"),
        ("The charge can be paid online, by phone or at 150 shops until midnight on the day of travel. Unpaid charges "
         "lead to a penalty notice of £65, reduced to £32.50 if paid within 14 days.", N, "none"),
        ("Residents living inside the zone receive a 90 per cent discount after registering their vehicle. Blue badge "
         "holders, buses, taxis and registered breakdown vehicles are exempt.", N, "none"),
        ("The charge exists to cut the traffic that chokes the centre at rush hour and to bring nitrogen dioxide below "
         "the legal limit on our busiest streets.", P, "endorsed"),
        ("Every penny raised after running costs will go into buses, safer crossings and protected cycle lanes, so that "
         "people have real alternatives to the car.", P, "endorsed"),
        ("A public consultation ran from September to November 2024 and received 11,400 responses. The full report is "
         "published on the council website.", N, "none"),
        ("The scheme will be reviewed after twelve months, with figures on traffic, air quality and revenue reported to "
         "the transport committee.", N, "none"),
    ]),
    "motorists_voice": ("A cash grab in green clothing", "Motorists' Voice", "2025-03-10", [
        ("Let us call the Harwick congestion charge what it is: a cash grab dressed up in green clothing. Hard-pressed "
         "drivers are once again being squeezed to plug a hole in the council's budget.", B, "endorsed"),
        ("The people who will pay are not the wealthy. They are care workers on early shifts, plumbers with a van full "
         "of tools and parents who cannot get three children to three schools by bus.", B, "endorsed"),
        ("Eight pounds a day adds up to more than £1,900 a year for someone who drives to work. That is a punishing "
         "stealth tax on people who have no choice.", B, "endorsed"),
        ("Small traders told us they fear customers will simply go to the out-of-town retail park, where parking is "
         "free, and never come back.", B, "reported"),
        ("The council promises cleaner air, but the claim does not survive scrutiny: most of the pollution on the ring "
         "road comes from lorries that will simply drive around the zone.", B, "refuted"),
        ("Drivers already pay fuel duty, road tax and parking fees. Charging them again to enter their own city centre "
         "is unfair and wrong.", B, "endorsed"),
    ]),
    "clean_air_blog": ("Why Harwick needs the charge", "Clean Air Harwick", "2025-03-15", [
        ("Children walking to school along Station Road breathe some of the dirtiest air in the county. A congestion "
         "charge is the quickest way to give them cleaner lungs.", P, "endorsed"),
        ("Opponents call the charge a cash grab, but that is a myth: by law the revenue must be spent on local "
         "transport, and the accounts will be public.", P, "refuted"),
        ("Nor is it true that the poorest will pay most. Fewer than a third of households in the lowest income band own "
         "a car, and they are the ones who rely on the buses the charge will fund.", P, "refuted"),
        ("Cities that priced road space have seen traffic fall by a fifth and bus journeys speed up, while asthma "
         "admissions dropped. Harwick deserves the same healthier streets.", P, "endorsed"),
        ("Doctors at the Harwick Health Board have urged the council to go further, warning that dirty air shortens "
         "hundreds of lives in the city every year.", P, "reported"),
        ("The campaign's petition in support of the scheme collected 4,200 signatures between January and March.",
         N, "none"),
    ]),
    "chamber_of_commerce": ("What the charge means for Harwick businesses", "Harwick Chamber of Commerce", "2025-02-20", [
        ("Our members are worried. Retailers in the old town have already lost trade to online shopping, and a daily "
         "charge on every visitor by car will push many of them over the edge.", B, "endorsed"),
        ("Delivery firms will pass the cost straight on to shops, and shops will pass it on to customers. The charge is "
         "a tax on doing business in Harwick.", B, "endorsed"),
        ("The Chamber surveyed 312 member businesses in January. 61 per cent said most of their customers arrive by "
         "car, and 18 per cent said they had considered moving outside the zone.", N, "none"),
        ("Several restaurant owners said that evening diners would stay away if the charging hours were extended, as "
         "some councillors have proposed.", B, "reported"),
        ("We all want cleaner air, but there is no evidence that this scheme will deliver it. The worst pollution is on "
         "the ring road, which the zone does not even cover.", B, "refuted"),
        ("The Chamber will present its survey to the transport committee on 4 March.", N, "none"),
    ]),
    "evening_post_news": ("Congestion charge begins with queues and protests", "Harwick Evening Post", "2025-06-02", [
        ("The congestion charge came into force at 7 am on Monday. By midday, the council said, 9,800 vehicles had "
         "entered the zone, compared with about 14,000 on a typical Monday last year.", N, "none"),
        ("Queues formed at the payment kiosks on Bridge Street, and the council's website was briefly unavailable in "
         "the morning.", N, "none"),
        ("Taxi driver Sam Okoro said the scheme was “daylight robbery” and that his regular passengers were already "
         "asking whether fares would rise.", B, "reported"),
        ("Councillor Priya Nair, who chairs the transport committee, said the first morning showed “what a calmer, "
         "cleaner centre looks like” and urged residents to give the buses a try.", P, "reported"),
        ("Bus operators added 14 extra services on the three busiest routes for the first month.", N, "none"),
        ("Protesters from the Drive Harwick group gathered outside the town hall with placards calling the charge a "
         "“tax on workers”.", B, "reported"),
    ]),
    "cycling_forum": ("Canal Street without the cars", "Riverside Cycling Forum", "2025-07-01", [
        ("Rode in along Canal Street this morning and for the first time in years I could actually hear the birds. "
         "Fewer cars, no fumes, nobody cutting me up at the lights.", P, "endorsed"),
        ("The charge is doing exactly what it was meant to do: giving the streets back to people who walk, cycle and "
         "take the bus.", P, "endorsed"),
        ("People keep saying it will kill the high street. Funny, then, that the cafés on Market Square were packed on "
         "Saturday. The doom-mongers were wrong.", P, "refuted"),
        ("Next step should be to spend the money on a proper segregated route to the hospital, so nurses on night "
         "shifts can cycle in safely.", P, "endorsed"),
        ("The forum's monthly ride meets at the library at 10 am on the first Sunday of each month.", N, "none"),
    ]),
    "traders_newsletter": ("Three months of the charge on Bridge Street", "Small Traders' Newsletter", "2025-09-05", [
        ("Three months in, the damage is plain to see. Footfall on Bridge Street is down, two independent shops have "
         "closed and others are cutting their hours.", B, "endorsed"),
        ("Figures from the town centre partnership show footfall in July was 7 per cent lower than in July last year. "
         "The partnership counts pedestrians at six points in the zone.", N, "none"),
        ("The council is happy to take £8 a day from the van drivers who keep our shops stocked, but it has done "
         "nothing to help the businesses that are struggling to survive.", B, "endorsed"),
        ("The promised fall in pollution has not happened on our street: our own monitor shows no change since May.",
         B, "refuted"),
        ("We call on the council to scrap the charge for small business vans and to cut the hours to the morning rush "
         "only.", B, "endorsed"),
    ]),
    "health_board": ("Air quality in the charging zone: the first four months", "Harwick Health Board", "2025-10-12", [
        ("Average nitrogen dioxide levels at the six monitoring stations inside the zone fell from 41 to 34 micrograms "
         "per cubic metre between June and September, compared with the same months in 2024.", N, "none"),
        ("This is a real gain for public health. Lower pollution means fewer asthma attacks in children and fewer "
         "heart attacks in older people.", P, "endorsed"),
        ("The monitoring stations outside the zone recorded a smaller fall, from 29 to 27 micrograms per cubic metre, "
         "over the same period.", N, "none"),
        ("The Board supports keeping the charge and using its revenue to protect the health of the people who live "
         "and work along the busiest roads.", P, "endorsed"),
        ("The Board's full air quality report, including the method used to correct for the weather, is available on "
         "request.", N, "none"),
    ]),
    "gazette_opinion": ("The view from the villages", "Northfield Gazette", "2025-11-20", [
        ("In the villages north of Harwick, the charge is widely resented. Many residents say it punishes people who "
         "live where buses run twice a day.", B, "reported"),
        ("The council's claim that everyone has an alternative to the car is simply not true for rural commuters.",
         B, "refuted"),
        ("A charge designed for a dense city centre lands hardest on the people with the fewest choices, and that is a "
         "question of fairness the council has never answered.", B, "endorsed"),
        ("Northfield parish council has asked Harwick for a park-and-ride site on the A61, and a decision is expected "
         "in the spring.", N, "none"),
        ("Supporters of the scheme argue that a park-and-ride funded by the charge would let rural drivers leave their "
         "cars outside the city and still reach the centre quickly.", P, "reported"),
    ]),
    "letters_page": ("Letters: the congestion charge", "Harwick Evening Post", "2025-08-14", [
        ("I am a pensioner who drives my disabled wife to her appointments, and now I must pay £8 for the privilege. "
         "This charge is cruel to those who can least afford it.", B, "endorsed"),
        ("I have lived on Station Road for thirty years. Since June I can open my windows again. Thank you to the "
         "councillors who had the courage to do this.", P, "endorsed"),
        ("Your correspondent claims the charge is a tax on the poor. It is not: the poorest in this city do not own "
         "cars, and they breathe the fumes of those who do.", P, "refuted"),
        ("We were promised faster buses. My number 12 is just as late as it was last year. The so-called improvements "
         "are a fiction.", B, "refuted"),
        ("Letters may be shortened for reasons of space. Please include your full postal address.", N, "none"),
    ]),
    "committee_review": ("The congestion charge after one year", "Harwick Transport Committee", "2026-06-10", [
        ("In its first year the charge raised £21.4 million. Running costs, including enforcement and the payment "
         "system, came to £6.1 million.", N, "none"),
        ("Traffic entering the zone in charging hours fell by 19 per cent. Bus journey times on the main routes fell by "
         "an average of four minutes.", N, "none"),
        ("The council issued 48,000 penalty notices, of which 31 per cent were cancelled on appeal or after a "
         "first-time warning.", N, "none"),
        ("The net revenue has paid for 22 new electric buses and a crossing outside St Anne's primary school, making "
         "the streets safer for the children who use them.", P, "endorsed"),
        ("Business groups told the committee that the charge had hurt trade, and asked for the charging hours to be "
         "shortened.", B, "reported"),
        ("The committee will decide in September whether to keep the current hours and price.", N, "none"),
    ]),
}

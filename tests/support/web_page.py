"""A saved news web page: the article, its metadata in <meta> tags, and navigation and footer to leave out."""

PAGE = """<!DOCTYPE html><html><head><title>Train reaches Khasan | Test Wire</title>
<meta property="og:title" content="Armoured train reaches Khasan">
<meta property="og:site_name" content="Test Wire">
<meta property="og:url" content="https://example.org/news/train-khasan">
<meta name="author" content="Ann Reporter">
<meta property="article:published_time" content="2019-04-24T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>Armoured train reaches Khasan</h1>
<p>The armoured train carrying the delegation crossed the Tumen River and reached Khasan on Wednesday morning,
officials said, after an overnight journey from Pyongyang.</p>
<p>From Khasan the train continued north towards Ussuriysk and Vladivostok, where talks were due to start on
Thursday at a university campus on Russky Island.</p>
<p>Security was tight along the line, and several stations were closed to the public for the day.</p>
</article>
<footer>Copyright Test Wire. Cookie settings. Follow us on social media.</footer>
</body></html>"""

// Lexicon: small general-English word and phrase lists behind the structural features.
// Entries are tokenized by the featurizer's own tokenizer, so "don't" is the phrase ["don", "t"].

/// Word categories recognised by the structural features (bit positions in a lexicon mask).
enum LexCategory: Int, CaseIterable {
    case constraint, conjunction, multiStep, comparative, planning, time, moneyUnit, greeting, polite, filler
    case reasoning, proof, design, optimize, rolePlay, hypothetical, negation, quantity, wh, aux, imperative
    case mathWord, codeWord, programming, howTo
    case harmWeapon, harmDrug, harmCyber, harmFraud, harmViolence, harmSelf, harmHate, harmSurveil, harmPersuade
    case harmIntent, benignContext
    /// Internal: the token starts at least one multi-token phrase.
    case phraseStart

    var bit: UInt64 { 1 << UInt64(rawValue) }
}

/// The lexicon entries of each category (lowercase; a space separates the tokens of a phrase).
let lexiconEntries: [(LexCategory, [String])] = [
    (.constraint, ["must", "at least", "at most", "without", "between", "budget", "only", "except", "each", "every",
                   "no more than", "no less than", "within", "under", "exactly", "maximum", "minimum", "max", "min",
                   "cannot", "can't", "should", "require", "requires", "required", "requirement", "limit", "limited",
                   "constraint", "constraints", "allowed", "not allowed", "avoid", "unless", "must not", "mustn't",
                   "up to", "fewer than", "more than", "less than", "no later than", "before", "by", "prefer",
                   "preferably", "necessary", "mandatory", "strictly", "all", "neither", "either", "both", "ensure"]),
    (.conjunction, ["and", "or", "but", "if", "when", "while", "because", "so", "which", "that", "where", "although",
                    "though", "unless", "whereas", "since", "whether", "then", "also", "as well as", "so that",
                    "in order to", "even if", "otherwise", "however", "whose", "whom"]),
    (.multiStep, ["then", "after", "afterwards", "first", "second", "third", "finally", "next", "before", "step",
                  "steps", "followed by", "subsequently", "last", "lastly", "once", "later", "and then", "after that",
                  "step by step", "in turn", "meanwhile", "eventually", "stage", "phase"]),
    (.comparative, ["more", "less", "older", "younger", "larger", "smaller", "bigger", "better", "worse", "faster",
                    "slower", "earlier", "later", "first", "longer", "shorter", "higher", "lower", "taller",
                    "heavier", "lighter", "cheaper", "closer", "farther", "further", "compare", "compared",
                    "comparison", "versus", "vs", "difference between", "same as", "than", "most", "least",
                    "biggest", "largest", "oldest", "earliest", "best", "worst", "greater", "fewer"]),
    (.planning, ["plan", "planning", "schedule", "scheduling", "itinerary", "trip", "travel", "meeting", "meetings",
                 "week", "weekend", "agenda", "calendar", "vacation", "holiday", "flight", "flights", "hotel",
                 "book", "booking", "reservation", "event", "wedding", "conference", "party", "organize",
                 "arrange", "route", "visit", "tour", "venue", "guests", "attendees", "timeline", "roadmap",
                 "shift", "shifts", "rota", "appointment", "appointments", "slot", "slots", "deadline", "deadlines"]),
    (.time, ["am", "pm", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning",
             "afternoon", "evening", "night", "tonight", "today", "tomorrow", "yesterday", "hour", "hours",
             "minute", "minutes", "day", "days", "week", "weeks", "month", "months", "year", "years", "o'clock",
             "noon", "midnight", "daily", "weekly", "january", "february", "march", "april", "may", "june", "july",
             "august", "september", "october", "november", "december", "seconds", "duration", "until"]),
    (.moneyUnit, ["dollar", "dollars", "usd", "eur", "euro", "euros", "pound", "pounds", "cents", "cost", "costs",
                  "price", "prices", "budget", "km", "kg", "miles", "mile", "meters", "meter", "feet", "inches",
                  "liters", "gallons", "percent", "per", "grams", "ounces", "mph", "kilometers", "celsius",
                  "fahrenheit", "yen", "rupees", "cm", "mm", "lb", "lbs", "pay", "paid", "salary", "rate"]),
    (.greeting, ["hi", "hello", "hey", "hiya", "greetings", "good morning", "good evening", "good afternoon",
                 "good night", "thanks", "thank you", "thx", "bye", "goodbye", "see you", "howdy", "yo", "sup",
                 "what's up", "how are you", "nice to meet you", "cheers"]),
    (.polite, ["please", "pls", "plz", "kindly", "can you", "could you", "would you", "will you", "i need",
               "i want", "i'd like", "i would like", "help me", "would you mind", "if possible", "thanks",
               "thank you", "i need to know", "tell me"]),
    (.filler, ["please", "pls", "plz", "kindly", "hey", "hi", "hello", "yo", "ok", "okay", "so", "um", "uh", "well",
               "quick", "question", "dear", "oh", "and", "also", "now", "just", "hmm", "right", "alright"]),
    (.reasoning, ["explain", "why", "prove", "derive", "justify", "analyze", "analyse", "evaluate", "compare",
                  "design", "implement", "reason", "argue", "discuss", "assess", "critique", "walk me through",
                  "show that", "demonstrate", "solve", "calculate", "compute", "determine", "figure out", "work out",
                  "estimate", "deduce", "infer"]),
    (.proof, ["prove", "proof", "show that", "lemma", "theorem", "hence", "suppose", "assume", "for all",
              "there exists", "induction", "contradiction", "if and only if", "iff", "corollary", "qed",
              "conclude", "implies", "necessary and sufficient", "without loss of generality"]),
    (.design, ["system", "design", "architecture", "scalable", "scale", "requirements", "requirement", "service",
               "services", "database", "latency", "throughput", "api", "apis", "microservice", "microservices",
               "distributed", "availability", "fault tolerant", "replication", "cache", "caching", "queue",
               "load balancer", "users", "concurrent", "consistency", "sharding", "pipeline", "infrastructure",
               "deployment", "backend", "frontend", "integration", "authentication", "monitoring", "storage"]),
    (.optimize, ["optimize", "optimise", "optimal", "optimum", "minimize", "minimise", "maximize", "maximise",
                 "cheapest", "shortest", "fastest", "most efficient", "best possible", "trade off", "tradeoff",
                 "trade-off", "allocate", "allocation", "efficient", "efficiently", "objective", "feasible"]),
    (.rolePlay, ["pretend", "roleplay", "role play", "role-play", "act as", "you are now", "stay in character",
                 "character", "persona", "jailbreak", "dan", "developer mode", "unfiltered", "uncensored",
                 "no restrictions", "without restrictions", "no rules", "no limits", "ignore previous",
                 "ignore all", "ignore your", "previous instructions", "your instructions", "guidelines",
                 "from now on", "simulate", "opposite", "evil", "unrestricted", "bypass your", "you must answer",
                 "do anything now", "amoral", "immoral", "never refuse", "not bound", "in this story"]),
    (.hypothetical, ["imagine", "suppose", "assume", "assuming", "hypothetically", "hypothetical", "pretend",
                     "fictional", "fiction", "story", "novel", "scenario", "what if", "let's say", "in a world",
                     "game", "screenplay", "script for", "thought experiment"]),
    (.negation, ["not", "no", "never", "don't", "doesn't", "didn't", "isn't", "aren't", "won't", "can't",
                 "cannot", "without", "none", "nobody", "nothing", "neither", "nor", "shouldn't", "wouldn't",
                 "mustn't", "avoid", "except"]),
    (.quantity, ["how many", "how much", "total", "altogether", "in all", "remaining", "left over", "left",
                 "each", "per", "every", "sum", "average", "twice", "half", "double", "triple", "times as",
                 "percent", "fraction", "ratio", "more than", "fewer than", "how long", "how far", "how old"]),
    (.wh, ["what", "who", "whom", "whose", "which", "when", "where", "why", "how", "whats", "what's", "whos", "who's",
           "hows", "how's", "wheres", "where's"]),
    (.aux, ["is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
            "has", "have", "had", "may", "might", "must", "am", "isn't", "aren't", "don't", "doesn't", "didn't",
            "can't", "won't", "any", "anyone", "anybody"]),
    (.imperative, ["write", "plan", "tell", "give", "list", "explain", "set", "find", "create", "make", "show",
                   "describe", "define", "translate", "convert", "calculate", "compute", "solve", "prove",
                   "design", "build", "implement", "generate", "summarize", "summarise", "compare", "name",
                   "play", "call", "text", "send", "remind", "turn", "open", "close", "book", "schedule",
                   "help", "draft", "outline", "suggest", "recommend", "organize", "arrange", "optimize",
                   "determine", "evaluate", "analyze", "analyse", "rewrite", "fix", "debug", "add", "remove",
                   "start", "stop", "cancel", "check", "look", "search", "order", "buy", "get", "teach",
                   "provide", "produce", "compose", "draw", "identify", "estimate", "simplify", "factor",
                   "rank", "sort", "pick", "choose", "decide", "prepare", "propose", "develop", "code", "program",
                   "refactor", "wake", "let", "go", "put", "take", "read", "count", "spell", "say", "do", "ignore"]),
    (.mathWord, ["sum", "product", "probability", "integer", "integers", "prime", "primes", "divisible",
                 "equation", "equations", "solve", "remainder", "percent", "percentage", "average", "mean",
                 "median", "digit", "digits", "divisor", "divisors", "factor", "factors", "multiple", "multiples",
                 "polynomial", "root", "roots", "real", "function", "derivative", "integral", "limit", "series",
                 "sequence", "triangle", "circle", "area", "perimeter", "volume", "angle", "radius", "square",
                 "squares", "cube", "modulo", "mod", "gcd", "lcm", "matrix", "vector", "plus", "minus", "times",
                 "divided", "multiply", "multiplied", "subtract", "add", "equals", "fraction", "fractions",
                 "ratio", "exponent", "logarithm", "log", "sqrt", "x", "y", "positive", "negative", "odd", "even",
                 "number", "numbers", "value", "expression", "inequality", "minimum value", "maximum value",
                 "coefficient", "theorem", "geometric", "arithmetic", "combinations", "permutations", "ways"]),
    (.codeWord, ["def", "return", "elif", "printf", "println", "console", "const", "void", "struct", "lambda",
                 "async", "await", "nullptr", "func", "fn", "impl", "stdin", "stdout", "argv", "args", "int",
                 "bool", "null", "nil", "none", "true", "false", "var", "endl", "cout", "std", "self", "len",
                 "foreach", "typedef", "namespace", "sudo", "grep", "kwargs", "init"]),
    (.programming, ["function", "python", "javascript", "typescript", "java", "swift", "rust", "golang", "go",
                    "cpp", "sql", "bash", "shell", "script", "code", "program", "algorithm", "class",
                    "method", "api", "regex", "array", "list", "string", "json", "linux", "terminal", "command",
                    "process", "thread", "git", "docker", "server", "compile", "compiler", "bug", "debug",
                    "recursion", "recursive", "loop", "variable", "library", "framework", "html", "css", "query",
                    "unit test", "tests", "repository", "kubernetes", "database", "sorting", "binary", "hash"]),
    (.howTo, ["how do i", "how can i", "how to", "how would i", "how should i", "how do you", "how does one",
              "how could i", "best way to", "ways to", "what's the best way to", "whats the best way to",
              "easiest way to", "quickest way to", "how do we", "how can we", "how might i", "steps to",
              "tips for", "tips on", "instructions for", "guide to"]),
    // Harm-intent vocabulary (general English, by category; see docs/featurizer.md). Counts, not verdicts: a
    // history question mentions "war" and "killed" too; the benign-context and intent cues below separate them.
    (.harmWeapon, ["bomb", "bombs", "explosive", "explosives", "detonator", "detonate", "pipe bomb", "ied", "grenade",
                   "grenades", "napalm", "thermite", "molotov", "gun", "guns", "firearm", "firearms", "ammunition",
                   "ammo", "rifle", "silencer", "suppressor", "ghost gun", "nerve agent", "sarin", "ricin", "anthrax",
                   "bioweapon", "bioweapons", "chemical weapon", "chemical weapons", "biological weapon",
                   "biological weapons", "dirty bomb", "nuclear weapon", "mustard gas", "chlorine gas", "toxin",
                   "toxins", "pathogen", "pathogens", "weaponize", "weaponized", "poison gas", "weapon", "weapons",
                   "virulence", "transmissible", "nitroglycerin", "tnt", "c4", "gunpowder", "shrapnel"]),
    (.harmDrug, ["meth", "methamphetamine", "cocaine", "crack cocaine", "heroin", "fentanyl", "lsd", "mdma",
                 "ecstasy", "ketamine", "opioid", "opioids", "narcotic", "narcotics", "drug", "drugs", "synthesize",
                 "synthesizing", "synthesis", "precursor", "precursors", "dmt", "ghb", "psilocybin", "amphetamine",
                 "oxycodone", "morphine", "cannabis", "marijuana", "reagents", "reagent",
                 "chemicals", "controlled substance", "controlled substances", "dealer"]),
    (.harmCyber, ["hack", "hacking", "hacker", "hackers", "hacked", "malware", "ransomware", "virus", "keylogger",
                  "spyware", "trojan", "rootkit", "botnet", "ddos", "exploit", "exploits", "vulnerability",
                  "vulnerabilities", "phishing", "sql injection", "xss", "backdoor", "brute force", "crack",
                  "cracking", "password", "passwords", "credentials", "zero day", "payload", "shellcode",
                  "privilege escalation", "reverse shell", "worm", "infect", "infected", "exfiltrate", "wifi",
                  "router", "firewall", "antivirus", "break into", "unauthorized", "admin access", "root access"]),
    (.harmFraud, ["scam", "scams", "scammer", "fraud", "fraudulent", "counterfeit", "launder", "laundering",
                  "money laundering", "forge", "forged", "forgery", "fake id", "identity theft", "steal", "stealing",
                  "stolen", "shoplift", "shoplifting", "embezzle", "tax evasion", "ponzi", "insider trading", "bribe",
                  "credit card", "credit cards", "blackmail", "extort", "extortion", "smuggle", "smuggling",
                  "trafficking", "pirated", "cheat", "cheating", "fake", "forging", "impersonate", "impersonating",
                  "rob", "robbery", "burglary", "pickpocket", "pick a lock", "loot", "illegal", "illegally"]),
    (.harmViolence, ["kill", "killing", "killed", "murder", "murdered", "assassinate", "assassination", "poison",
                     "poisoning", "poisoned", "hurt", "injure", "attack", "attacks", "assault", "torture", "kidnap",
                     "kidnapping", "abduct", "shoot", "shooting", "shot", "stab", "stabbing", "strangle", "massacre",
                     "terrorist", "terrorism", "terror", "hostage", "mass shooting", "beat up", "arson", "burn down",
                     "rape", "abuse", "maim", "behead", "lethal", "deadly", "violence", "violent", "die", "died",
                     "death", "casualties", "victim", "victims", "corpse"]),
    (.harmSelf, ["suicide", "kill myself", "self harm", "hurt myself", "cut myself", "end my life", "overdose",
                 "starve myself", "anorexia", "bulimia", "purge", "lethal dose", "take my own life", "want to die",
                 "painless", "hang myself", "pills"]),
    (.harmHate, ["racist", "racism", "slur", "slurs", "hate speech", "inferior", "subhuman", "nazi", "nazis",
                 "supremacy", "supremacist", "bigot", "homophobic", "sexist", "harass", "harassment", "bully",
                 "bullying", "humiliate", "insult", "insults", "threaten", "threatening", "intimidate", "troll",
                 "doxx", "doxxing", "ethnic cleansing", "genocide", "extremist", "extremism", "jihad", "radicalize",
                 "recruit", "hate", "hateful", "degrading", "mock", "mocking", "stereotypes", "vermin", "deport"]),
    (.harmSurveil, ["stalk", "stalking", "spy on", "spying", "track someone", "track my", "track her", "track him",
                    "without their knowledge", "without them knowing", "without her knowing", "without him knowing",
                    "hidden camera", "home address", "location of", "find out where", "read their messages",
                    "access their", "wiretap", "gps tracker", "surveillance", "personal information",
                    "private information", "social security number", "ssn", "monitor their", "their phone",
                    "her phone", "his phone", "someone's phone", "someone's account", "their account", "dox"]),
    (.harmPersuade, ["persuasive", "persuade", "convince", "convincing", "propaganda", "misinformation",
                     "disinformation", "fake news", "conspiracy", "hoax", "claiming", "claims that", "argue that",
                     "arguing that", "argues that", "blog post", "social media post", "tweet", "tweets", "viral",
                     "spread", "rumor", "rumors", "defamatory", "defame", "smear", "was a hoax", "never happened",
                     "is fake", "faked", "fabricated", "fabricate", "debunked", "mislead", "misleading", "suggesting",
                     "implying", "glorify", "glorifying", "encourage", "encouraging", "promote", "promoting"]),
    (.harmIntent, ["how to make", "step by step", "detailed instructions", "detailed step", "instructions for",
                   "without getting caught", "get away with", "undetectable", "untraceable", "avoid detection",
                   "evade", "evading", "bypass", "circumvent", "anonymously", "at home", "homemade", "from scratch",
                   "in secret", "secretly", "without anyone knowing", "without being detected", "without being caught",
                   "cover up", "dispose of", "get rid of", "most effective", "maximum damage", "acquire", "obtain",
                   "purchase", "recipe for", "instructions", "detailed", "list of", "ingredients",
                   "quantities", "guide", "tutorial", "write code", "code for", "script that", "script to",
                   "without a license", "without a prescription", "not get caught", "so that no one"]),
    (.benignContext, ["history", "historical", "historically", "ancient", "century", "war", "wars", "world war",
                      "battle", "empire", "museum", "documentary", "movie", "film", "in the game", "video game",
                      "minecraft", "fortnite", "chess", "game", "photography", "photo", "photos", "recipe", "cooking",
                      "kitchen", "process", "thread", "terminal", "definition", "define", "meaning", "what is",
                      "what does", "mean", "symptoms", "treatment", "prevent", "prevention", "protect", "safety",
                      "safely", "report", "legal", "law", "laws", "penalty", "signs of", "detect",
                      "recognize", "who was", "when did", "what year", "why did", "who killed", "how many people",
                      "famous", "president", "king", "queen", "song", "band", "album", "season", "episode",
                      "player", "team", "won", "book", "author", "wrote", "invented", "discovered", "born",
                      "disease", "doctor", "patient", "hospital", "police", "crime", "research", "study", "statistics"]),
]

/// Open-addressing table from a token/phrase key to a category mask (keys are already mixed 64-bit hashes).
struct Lexicon: Sendable {
    private var keys: [UInt64]
    private var masks: [UInt64]
    private let shift: UInt64
    /// A stable hash of all entries (part of the featurizer fingerprint).
    let contentHash: UInt64

    /// The lexicon built from `lexiconEntries`.
    static let shared = Lexicon(lexiconEntries)

    /// Key of a single token: the FNV-1a of `W` + its bytes (the same state as its unigram hash), mixed.
    @inline(__always) static func tokenKey(_ unigramHash: UInt64) -> UInt64 { StableHash.mix64(unigramHash) | 1 }
    /// Key of a phrase: the previous phrase key extended by one token key.
    @inline(__always) static func extend(_ phrase: UInt64, _ token: UInt64) -> UInt64 {
        StableHash.mix64(phrase ^ (token &* 0x9E37_79B9_7F4A_7C15)) | 1
    }

    init(_ entries: [(LexCategory, [String])]) {
        var pairs: [(UInt64, UInt64)] = []
        var content = StableHash.offsetBasis
        for (cat, words) in entries {
            content = StableHash.fnv1a64("\(cat)".utf8, start: content)
            for w in words {
                content = StableHash.fnv1a64(w.utf8, start: StableHash.step(content, 0x7C))
                let toks = Lexicon.tokenKeys(w)
                guard !toks.isEmpty else { continue }
                var k = toks[0]
                for t in toks.dropFirst() {  // every proper prefix of a phrase is marked phraseStart
                    pairs.append((k, LexCategory.phraseStart.bit))
                    k = Lexicon.extend(k, t)
                }
                pairs.append((k, cat.bit))
            }
        }
        contentHash = StableHash.mix64(content)
        var cap = 64
        while cap < pairs.count * 4 { cap *= 2 }
        keys = [UInt64](repeating: 0, count: cap)
        masks = [UInt64](repeating: 0, count: cap)
        shift = UInt64(64 - cap.trailingZeroBitCount)
        for (k, m) in pairs {
            var i = Int(truncatingIfNeeded: k >> shift)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & (cap - 1) }
            keys[i] = k
            masks[i] |= m
        }
    }

    /// The category mask of a key (0 if absent).
    @inline(__always) func mask(_ k: UInt64) -> UInt64 {
        var i = Int(truncatingIfNeeded: k >> shift)
        let m = keys.count - 1
        while true {
            let kk = keys[i]
            if kk == k { return masks[i] }
            if kk == 0 { return 0 }
            i = (i + 1) & m
        }
    }

    /// Token keys of an entry, using the featurizer's normalization and tokenizer.
    static func tokenKeys(_ text: String) -> [UInt64] {
        var bytes: [UInt8] = []
        _ = TextNormalizer.normalizedBytes(text, maxChars: Int.max, into: &bytes)
        var toks: [Token] = []
        return bytes.withUnsafeBufferPointer { p -> [UInt64] in
            Tokenizer.tokenize(p, maxTokens: Int.max, into: &toks)
            return toks.map { tok in
                var h = StableHash.step(StableHash.offsetBasis, FeatureTag.word.rawValue)
                for j in Int(tok.start)..<Int(tok.end) { h = StableHash.step(h, p[j]) }
                return tokenKey(h)
            }
        }
    }
}

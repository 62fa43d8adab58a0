/**
 * Pairs of vacancy texts written for the de-duplication tests (not copied from anywhere): reposts
 * with small edits (the same vacancy) and different jobs at the same employer (different vacancies).
 */
export interface Ad {
  title: string;
  employer: string;
  description: string;
}

const zorgOver =
  'Zorggroep Maasland biedt wonen, zorg en welzijn aan ouderen in Oss en omgeving. Met ruim 900 medewerkers en 400 vrijwilligers werken we elke dag aan een fijne oude dag voor onze cliënten. We zijn een open organisatie waar je ruimte krijgt om te leren en te groeien.';
const zorgBieden =
  'Wij bieden een salaris volgens de cao VVT, een eindejaarsuitkering van 8,33%, een goede pensioenregeling bij PFZW, een fietsplan en volop mogelijkheden voor scholing via onze eigen academie.';

const techOver =
  'Metaalbewerking Oss is een familiebedrijf met 120 vakmensen dat stalen constructies maakt voor de bouw, de machinebouw en de scheepvaart. We werken met moderne machines in een nieuwe hal op het industrieterrein Elzenburg.';
const techBieden =
  'Je krijgt een vast contract na een proefperiode, een salaris volgens de cao Metaal en Techniek, reiskostenvergoeding, werkkleding en de kans om certificaten te halen op onze kosten.';

export const SAME: [Ad, Ad][] = [
  [
    {
      title: 'Verzorgende IG (24-32 uur)',
      employer: 'Zorggroep Maasland',
      description: `${zorgOver}\n\nAls verzorgende IG help je cliënten bij de persoonlijke verzorging, dien je medicatie toe en doe je verpleegtechnische handelingen zoals wondzorg en het geven van injecties. Je werkt in een klein team op de afdeling De Linde en rapporteert in het elektronisch cliëntdossier. Je bent het eerste aanspreekpunt voor familie.\n\nWij vragen een diploma verzorgende IG op mbo-niveau 3, goede communicatieve vaardigheden en de bereidheid om in wisselende diensten te werken, ook in het weekend.\n\n${zorgBieden}`,
    },
    {
      title: 'Verzorgende IG 28-32 uur',
      employer: 'Zorggroep Maasland',
      description: `${zorgOver}\n\nAls verzorgende IG help je cliënten bij de persoonlijke verzorging, dien je medicatie toe en doe je verpleegtechnische handelingen zoals wondzorg en het geven van injecties. Je werkt in een klein team op de afdeling De Linde en rapporteert in het elektronisch cliëntdossier. Je bent het vaste aanspreekpunt voor familie.\n\nWij vragen een diploma verzorgende IG op mbo-niveau 3, uitstekende communicatieve vaardigheden en de bereidheid om in wisselende diensten te werken, ook in het weekend.\n\n${zorgBieden} Reageer voor 1 februari.`,
    },
  ],
  [
    {
      title: 'Lasser MIG/MAG',
      employer: 'Metaalbewerking Oss',
      description: `${techOver}\n\nAls lasser MIG/MAG las je stalen constructies volgens tekening. Je leest technische tekeningen, bereidt je werk zelf voor, stelt de lasapparatuur in en controleert de kwaliteit van je lassen. Samen met de monteurs zorg je dat elk project op tijd de deur uit gaat.\n\nJe hebt een afgeronde opleiding als lasser of constructiewerker, minstens twee jaar ervaring met MIG/MAG-lassen en een VCA-certificaat.\n\n${techBieden}`,
    },
    {
      title: 'Lasser MIG/MAG (m/v/x)',
      employer: 'Metaalbewerking Oss B.V.',
      description: `${techOver}\n\nAls lasser MIG/MAG las je stalen constructies volgens tekening. Je leest technische tekeningen, bereidt je werk zelf voor, stelt de lasapparatuur in en controleert de kwaliteit van je lassen. Samen met de monteurs zorg je dat elk project op tijd klaar is.\n\nJe hebt een afgeronde opleiding als lasser of constructiewerker, minstens drie jaar ervaring met MIG/MAG-lassen en een VCA-certificaat.\n\n${techBieden}`,
    },
  ],
  [
    {
      title: 'Software developer Java',
      employer: 'Brabant Digitaal',
      description:
        'Brabant Digitaal builds web applications for municipalities and housing associations. As a Java developer you design, build and maintain services in Java and Spring Boot, write automated tests, review the code of your colleagues and deploy to our Kubernetes platform. You work in a scrum team of six with a product owner and a designer.\n\nYou have a bachelor degree in computer science or equivalent experience, at least three years of experience with Java and SQL, and you speak Dutch or English.\n\nWe offer a salary between 3,800 and 5,200 euros a month, 27 holidays, a training budget of 2,000 euros a year and a laptop of your choice.',
    },
    {
      title: 'Java Software Developer',
      employer: 'Brabant Digitaal',
      description:
        'Brabant Digitaal builds web applications for municipalities and housing associations. As a Java developer you design, build and maintain services in Java and Spring Boot, write automated tests, review the code of your colleagues and deploy to our Kubernetes platform. You work in a scrum team of seven with a product owner and a designer.\n\nYou have a bachelor degree in computer science or equivalent experience, at least three years of experience with Java and SQL, and you speak Dutch or English.\n\nWe offer a salary between 4,000 and 5,400 euros a month, 27 holidays, a training budget of 2,000 euros a year and a laptop of your choice.',
    },
  ],
  [
    {
      title: 'Heftruckchauffeur',
      employer: 'Logistiek Centrum Oss',
      description:
        'Voor ons distributiecentrum aan de Kantsingel zoeken we een heftruckchauffeur voor de dagdienst. Je laadt en lost vrachtwagens, zet pallets op de juiste plek in het magazijn, verzamelt orders met de scanner en houdt de voorraad bij in ons magazijnsysteem. Je let op veiligheid en houdt je werkplek netjes.\n\nJe hebt een geldig heftruckcertificaat, ervaring in een magazijn is mooi maar niet nodig. Je bent fit, nauwkeurig en op tijd.\n\nWe bieden een contract voor een jaar met uitzicht op vast, een salaris tot 2.900 euro bruto per maand en ploegentoeslag.',
    },
    {
      title: 'Heftruckchauffeur dagdienst',
      employer: 'Logistiek Centrum Oss',
      description:
        'Voor ons distributiecentrum aan de Kantsingel zoeken we een heftruckchauffeur voor de dagdienst. Je laadt en lost vrachtwagens, zet pallets op de juiste plek in het magazijn, verzamelt orders met de scanner en houdt de voorraad bij in ons magazijnsysteem. Je let op veiligheid en houdt je werkplek schoon.\n\nJe hebt een geldig heftruckcertificaat, ervaring in een magazijn is mooi maar niet nodig. Je bent fit, nauwkeurig en op tijd.\n\nWe bieden een contract voor een jaar met uitzicht op vast, een salaris tot 3.000 euro bruto per maand en ploegentoeslag.',
    },
  ],
];

export const DIFFERENT: [Ad, Ad][] = [
  [
    SAME[0][0],
    {
      title: 'Teamleider zorg',
      employer: 'Zorggroep Maasland',
      description: `${zorgOver}\n\nAls teamleider zorg geef je leiding aan twee teams van verzorgenden en helpenden op de afdelingen De Linde en De Eik. Je maakt de roosters, voert de gesprekken over ontwikkeling en verzuim en bewaakt de kwaliteit van zorg. Je werkt nauw samen met de specialist ouderengeneeskunde.\n\nWij vragen een hbo-diploma verpleegkunde of een vergelijkbare opleiding, ervaring als leidinggevende in de ouderenzorg en een coachende stijl.\n\n${zorgBieden}`,
    },
  ],
  [
    SAME[0][0],
    {
      title: 'Helpende plus',
      employer: 'Zorggroep Maasland',
      description: `${zorgOver}\n\nAls helpende plus ondersteun je cliënten bij het dagelijks leven: wassen en aankleden, eten en drinken, en een praatje op zijn tijd. Je zorgt voor een huiselijke sfeer op de huiskamer en organiseert kleine activiteiten. Je signaleert veranderingen en bespreekt die met de verzorgende.\n\nWij vragen een diploma helpende zorg en welzijn op mbo-niveau 2 en een warm hart voor ouderen.\n\n${zorgBieden}`,
    },
  ],
  [
    SAME[1][0],
    {
      title: 'Werkvoorbereider',
      employer: 'Metaalbewerking Oss',
      description: `${techOver}\n\nAls werkvoorbereider vertaal je de tekeningen van onze klanten naar productieplannen. Je maakt materiaallijsten, bestelt staal en onderdelen, plant de werkplaats en bewaakt de doorlooptijd. Je bent de schakel tussen verkoop, engineering en productie.\n\nJe hebt een mbo- of hbo-opleiding werktuigbouwkunde, kennis van Tekla of AutoCAD en ervaring met een ERP-systeem.\n\n${techBieden}`,
    },
  ],
  [
    SAME[2][0],
    {
      title: 'Senior Java developer',
      employer: 'Brabant Digitaal',
      description:
        'Brabant Digitaal builds web applications for municipalities and housing associations. As a senior developer you lead the technical design of our case management platform, coach two junior developers and decide with the architect how services talk to each other. You write code too, mostly in Java and Kotlin.\n\nYou have at least eight years of experience building large systems, know event-driven architecture and have led a team before.\n\nWe offer a salary between 3,800 and 5,200 euros a month, 27 holidays, a training budget of 2,000 euros a year and a laptop of your choice.',
    },
  ],
];

/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-alcaldias.h"
#include "cm-demo.h"
#include "cm-rng.h"
#include "cm-workdays.h"

/* The daily form, as its rows come out of Central's OData feed
 * (Submissions?$expand=*). These names are the form's field names; the XForm
 * and the field map are built from them:
 *
 *   comedor                text      the kitchen's folio as typed on the tablet
 *                                   (the name the form has on the Central of Part 5)
 *   fecha                  date      the day reported (local)
 *   raciones_pagadas       int       rations sold at the recovery fee
 *   raciones_gratuitas     int       rations given free
 *   cuota_cobrada          decimal   pesos collected
 *   gasto_total            decimal   pesos spent, the sum of the purchases
 *   comensales/            group     diners by group, adding up to the rations
 *     ninas_ninos          int
 *     personas_adultas     int
 *     personas_mayores     int
 *     personas_discapacidad int
 *   integrantes_presentes  int       committee members present
 *   solo_para_llevar       select_one si | no
 *   incidencias            text      null when empty
 *   ubicacion              geopoint  GeoJSON Point [lon, lat, alt] + accuracy
 *   foto                   image     a photo of the day's meal
 *   compras                repeat    (position = 0-based repeat index)
 *     concepto             text
 *     monto                decimal   pesos
 *     ticket               image     the receipt; null when none
 *   meta/instanceID        the submission's uuid
 *
 * then __id, __system (the twelve keys of Central), and, when there are
 * purchases, compras@odata.navigationLink followed by the expanded compras
 * rows, each with its __id = sha1 ("Submissions#<__id>%%compras#<index>"). */

#define FEE_CHANGE_YEAR        2020   /* 11 pesos from 1 January 2020, 10 before */
#define UTC_OFFSET_HOURS       6      /* Mexico City is UTC−6 all year since 2022 */

/* Rates: see cm-demo.h. */
#define RATE_PUBLICO            0.12
#define RATE_CLOSED             0.03
#define RATE_SUSPENDED          0.05
#define RATE_OPENED_IN_PERIOD   0.05
#define RATE_MISSING_DAY        0.03
#define RATE_MISSING_STREAK     0.03
#define RATE_HOLDS_OFFICE       0.02
#define RATE_OFFDAY_REPORT      0.002
#define RATE_TAKEAWAY           0.95
#define RATE_INCIDENT           0.03

typedef enum
{
  KIND_NONE,
  KIND_FEE_MISMATCH,
  KIND_OVER_CAPACITY,
  KIND_GPS_FAR,
  KIND_LATE,
  KIND_UNREGISTERED_DEVICE,
  KIND_MISSING_RECEIPT,
  KIND_DUPLICATE,
} AnomalyKind;

/* Upper bounds of one uniform draw: a report gets at most one kind. */
static const struct { AnomalyKind kind; double upto; } anomaly_table[] = {
  { KIND_FEE_MISMATCH,        0.020 },
  { KIND_OVER_CAPACITY,       0.035 },
  { KIND_GPS_FAR,             0.045 },
  { KIND_LATE,                0.075 },
  { KIND_UNREGISTERED_DEVICE, 0.080 },
  { KIND_MISSING_RECEIPT,     0.090 },
  { KIND_DUPLICATE,           0.093 },
};

/* Streams forked from the seed, and from each kitchen. */
enum
{
  STREAM_LAYOUT = 1,
  STREAM_KITCHENS,
  STREAM_UNKNOWN,
};

enum
{
  KSTREAM_IDENTITY = 1,
  KSTREAM_COMMITTEE,
  KSTREAM_DAYS,
};

/* Where the kitchens stand, and the colonias they stand in. */
static const struct
{
  const char *code;
  double      altitude;
  const char *colonias[24];
} places[] = {
  { "09002", 2240, { "El Rosario", "San Juan Tlihuaca", "Santiago Ahuizotla", "San Martín Xochináhuac",
                     "San Pedro Xalpa", "Ampliación San Pedro Xalpa", "Santa Bárbara", "Providencia",
                     "Pro Hogar", "Santo Tomás", "Las Salinas", "San Miguel Amantla", NULL } },
  { "09003", 2250, { "Pedregal de Santo Domingo", "Ajusco", "Santa Úrsula Coapa", "Adolfo Ruiz Cortines",
                     "El Reloj", "Los Reyes", "La Candelaria", "San Francisco Culhuacán",
                     "Carmen Serdán", "Ampliación Candelaria", "Pedregal de Santa Úrsula",
                     "Emiliano Zapata", NULL } },
  { "09004", 2750, { "San Mateo Tlaltenango", "San Pablo Chimalpa", "San Lorenzo Acopilco",
                     "El Contadero", "Cuajimalpa", "Adolfo López Mateos", "Las Lajas", "Xalpa",
                     "La Navidad", "Zentlapatl", "El Molino", "Jesús del Monte", NULL } },
  { "09005", 2260, { "Cuautepec Barrio Alto", "Cuautepec Barrio Bajo", "Lomas de Cuautepec", "La Pastora",
                     "San Felipe de Jesús", "Gabriel Hernández", "Ampliación Gabriel Hernández",
                     "Campestre Aragón", "Nueva Atzacoalco", "Martín Carrera", "Tlacaélel",
                     "Castillo Grande", "Malacates", "Juventino Rosas", "Ticomán", "Forestal",
                     "Loma la Palma", "El Tepetatal", "Arboledas", "Vasco de Quiroga",
                     "Granjas Modernas", "Tlalpexco", NULL } },
  { "09006", 2235, { "Agrícola Oriental", "Pantitlán", "Gabriel Ramos Millán", "Campamento 2 de Octubre",
                     "Infonavit Iztacalco", "Santa Anita", "Agrícola Pantitlán", "La Cruz Coyuya",
                     "Tlazintla", "Santiago Norte", "Juventino Rosas", "Barrio Los Reyes", NULL } },
  { "09007", 2245, { "San Miguel Teotongo", "Desarrollo Urbano Quetzalcóatl", "Santa Martha Acatitla",
                     "Ejército de Oriente", "Lomas de San Lorenzo", "San Lorenzo Tezonco",
                     "Consejo Agrarista Mexicano", "Miravalle", "Palmitas", "Xalpa", "Buenavista",
                     "San Juan Xalpa", "Santa Cruz Meyehualco", "Los Reyes Culhuacán",
                     "Cerro de la Estrella", "Lomas de Zaragoza", "Ixtlahuacan", "Citlalli",
                     "Renovación", "Santiago Acahualtepec", "Ampliación Emiliano Zapata",
                     "La Polvorilla", "Paraje San Juan", "Constitución de 1917" } },
  { "09008", 2550, { "San Bernabé Ocotepec", "San Jerónimo Aculco", "El Tanque", "Las Cruces",
                     "La Malinche", "Lomas de San Bernabé", "Barros Sierra", "Potrerillo",
                     "San Nicolás Totolapan", "El Ocotal", "Tierra Unida", "Huayatla",
                     "Cerro del Judío", NULL } },
  { "09009", 2500, { "Villa Milpa Alta", "San Antonio Tecómitl", "San Pedro Atocpan", "San Pablo Oztotepec",
                     "San Salvador Cuauhtenco", "Santa Ana Tlacotenco", "San Lorenzo Tlacoyucan",
                     "San Bartolomé Xicomulco", "San Juan Tepenáhuac", "San Jerónimo Miacatlán",
                     "San Agustín Ohtenco", "San Francisco Tecoxpa", NULL } },
  { "09010", 2400, { "Jalalpa", "Jalalpa el Grande", "Barrio Norte", "Olivar del Conde", "Presidentes",
                     "La Cañada", "Tlacoyaque", "Lomas de Becerra", "Santa Lucía", "Cristo Rey",
                     "Golondrinas", "Piloto Adolfo López Mateos", "El Pirú", "Corpus Christy",
                     "Torres de Potrero", "Palmas Axotitla", "La Martinica", NULL } },
  { "09011", 2240, { "San Francisco Tlaltenco", "Santa Catarina Yecahuízotl", "San Juan Ixtayopan",
                     "San Pedro Tláhuac", "Del Mar", "La Nopalera", "Miguel Hidalgo",
                     "San Andrés Mixquic", "Santiago Zapotitlán", "Los Olivos", "La Conchita",
                     "Selene", NULL } },
  { "09012", 2450, { "Lomas de Padierna", "Héroes de Padierna", "Pedregal de San Nicolás", "Miguel Hidalgo",
                     "San Miguel Ajusco", "San Andrés Totoltepec", "Santo Tomás Ajusco",
                     "San Pedro Mártir", "San Miguel Topilejo", "Mesa de los Hornos", "Chimalcoyoc",
                     "Ampliación Miguel Hidalgo", "Tlalcoligia", "Cultura Maya",
                     "Lomas de Cuilotepec", "Dos de Octubre", "Belvedere Ajusco", NULL } },
  { "09013", 2260, { "San Gregorio Atlapulco", "Santiago Tulyehualco", "Santa Cruz Acalpixca",
                     "San Luis Tlaxialtemalco", "Santa María Nativitas", "San Lucas Xochimanca",
                     "Santiago Tepalcatlalpan", "San Mateo Xalpa", "Santa Cecilia Tepetlapa",
                     "Xochitepec", "Ampliación Tepepan", "Barrio 18", "San Francisco Tlalnepantla",
                     "Huichapan", "La Noria", NULL } },
  { "09014", 2240, { "Santa Cruz Atoyac", "Portales", "Niños Héroes", "Xoco", "San Simón Ticumac",
                     "Albert", "Moderna", "Álamos", "Periodista", "Santa María Nonoalco",
                     "8 de Agosto", "Américas Unidas", NULL } },
  { "09015", 2235, { "Morelos", "Guerrero", "Centro", "Doctores", "Obrera", "Buenos Aires", "Tránsito",
                     "Atlampa", "Peralvillo", "Santa María la Ribera", "Esperanza",
                     "Ex Hipódromo de Peralvillo", "Asturias", "Vista Alegre", "Paulino Navarro", NULL } },
  { "09016", 2260, { "Pensil Norte", "Pensil Sur", "Tacubaya", "Argentina Antigua", "Tlaxpana",
                     "Ampliación Granada", "Anáhuac", "Observatorio", "América", "Daniel Garza",
                     "San Joaquín", "Popotla", "Tacuba", "Legaria", "10 de Abril", NULL } },
  { "09017", 2235, { "Morelos", "Moctezuma 2a Sección", "Jardín Balbuena", "Romero Rubio",
                     "Pensador Mexicano", "Simón Bolívar", "Ampliación Penitenciaría",
                     "Emilio Carranza", "Arenal 4a Sección", "El Parque", "1° de Mayo",
                     "Aquiles Serdán", "Valle Gómez", "Federal", "Caracol", NULL } },
};

static const char * const kitchen_names[] = {
  "La Esperanza", "Las Palomas", "Mujeres Unidas", "Manos Solidarias", "Nueva Vida",
  "El Buen Sazón", "Sazón de Mamá", "La Cocina de Doña Lupe", "Tierra y Libertad",
  "Emiliano Zapata", "Unidos por la Comunidad", "Corazón Contento", "Los Girasoles",
  "El Fogón", "La Olla Solidaria", "Las Margaritas", "Sabor de Casa", "Mano Amiga",
  "Mujeres de Maíz", "El Comal", "La Fraternidad", "Vecinos Unidos", "Rayito de Sol",
  "Flor de Calabaza", "Doña Chayo", "La Providencia", "Fuerza y Corazón",
  "Guadalupe Victoria", "Sor Juana", "Leona Vicario", "Las Gardenias", "El Molcajete",
  "La Mesa de Todos", "Cocina del Pueblo", "Semillas de Esperanza", "La Buena Mesa",
  "Los Pirules", "El Ahuehuete", "Nuevo Amanecer", "Tlaxcalli", "La Bendición",
  "Compartiendo", "Alegría", "Las Jacarandas", "Madre Tierra", "El Huerto",
  "Xochiquetzal", "Cihuatl", "Solidaridad", "Benita Galeana",
};

static const char * const street_kinds[] = {
  "Calle", "Calle", "Calle", "Avenida", "Cerrada", "Privada", "Andador", "Callejón", "Prolongación",
};

static const char * const street_names[] = {
  "Emiliano Zapata", "Francisco Villa", "Benito Juárez", "Miguel Hidalgo", "José María Morelos",
  "Niños Héroes", "Cuauhtémoc", "Allende", "Aldama", "Vicente Guerrero", "Independencia",
  "Reforma", "5 de Mayo", "16 de Septiembre", "20 de Noviembre", "Las Flores", "Jacarandas",
  "Girasoles", "Rosas", "Tulipanes", "Pirules", "Fresnos", "Cedros", "Álamos", "Sauces",
  "Río Bravo", "Río Lerma", "Lago Texcoco", "Tláloc", "Quetzalcóatl", "Moctezuma",
  "Netzahualcóyotl", "Sor Juana Inés de la Cruz", "Leona Vicario", "Josefa Ortiz de Domínguez",
  "Ignacio Zaragoza", "Lázaro Cárdenas", "Venustiano Carranza", "Francisco I. Madero",
  "Ricardo Flores Magón", "Plan de Ayala", "Progreso", "Libertad", "del Trabajo", "Educación",
  "Campesinos", "Ferrocarril", "Oyamel", "Ocote", "Nopal", "Maguey", "Colibrí", "Gorrión",
  "Canal Nacional", "Totoltepec", "Xochitl", "Tepozteco", "Popocatépetl", "Iztaccíhuatl",
};

static const char * const women_names[] = {
  "María Guadalupe", "Juana", "Rosa María", "Patricia", "Verónica", "Leticia", "Margarita",
  "Silvia", "Alejandra", "Martha", "Gabriela", "Elena", "Araceli", "Teresa", "Laura",
  "Claudia", "Beatriz", "Norma", "Adriana", "Lucía", "Yolanda", "Maribel", "Angélica",
  "Rocío", "Susana", "Irma", "Josefina", "Esperanza", "Dolores", "Sofía", "María de Jesús",
  "Ana Laura", "Carmen", "Reyna", "Blanca Estela", "Hortensia", "Guillermina", "Rosalba",
  "Mónica", "Karla", "Alma Delia", "Socorro",
};

static const char * const men_names[] = {
  "José Luis", "Juan", "Miguel Ángel", "Francisco", "Jorge", "Carlos", "Pedro", "Raúl",
  "Alejandro", "Manuel", "Ricardo", "Roberto", "Fernando", "Arturo", "Jesús", "Víctor Hugo",
  "Antonio", "Efraín",
};

static const char * const surnames[] = {
  "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
  "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz",
  "Torres", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo",
  "Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez",
  "Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Rojas", "Contreras",
  "Salazar", "Luna", "Ortega", "Santiago", "Guerrero", "Estrada", "Bautista", "Cortés",
  "Soto", "Alvarado", "Espinoza", "Lara", "Ávila", "Ríos", "Delgado", "Navarro", "Trejo",
  "Nava", "Mejía", "Rosales", "Solís", "Galicia", "Tapia", "Peña", "Olvera", "Zúñiga",
};

/* What a kitchen buys: how often each line appears, its usual size in the
 * day's budget, whether the receipt has centavos (gas and shops; market
 * stalls charge whole pesos), and whether it can be the day's main purchase. */
static const struct
{
  const char *concept;
  double      weight;
  double      size;
  gboolean    cents;
  gboolean    main;
} concepts[] = {
  { "Compra en mercado",      6, 10, FALSE, TRUE },
  { "Verdura",               10,  4, FALSE, TRUE },
  { "Pollo",                  7,  6, FALSE, TRUE },
  { "Carne de res",           3,  6, FALSE, TRUE },
  { "Carne de cerdo",         2,  5, FALSE, TRUE },
  { "Arroz y frijol",         6,  3, FALSE, TRUE },
  { "Tortillas",              9,  2, FALSE, FALSE },
  { "Gas LP",                 4,  3, TRUE,  FALSE },
  { "Huevo",                  4,  2, FALSE, FALSE },
  { "Aceite",                 3,  1, FALSE, FALSE },
  { "Fruta",                  4,  2, FALSE, FALSE },
  { "Pasta y sopas",          3,  1.5, FALSE, FALSE },
  { "Chiles y especias",      2,  0.7, FALSE, FALSE },
  { "Agua purificada",        3,  0.8, FALSE, FALSE },
  { "Leche",                  2,  1.5, FALSE, FALSE },
  { "Pan",                    2,  1, FALSE, FALSE },
  { "Productos de limpieza",  2,  0.8, TRUE,  FALSE },
  { "Desechables",            1,  0.6, TRUE,  FALSE },
};

static const char * const incidents[] = {
  "Se terminó el gas a mediodía; se pidió un tanque al proveedor.",
  "Faltó agua por la mañana, se compró un garrafón extra.",
  "Llovió fuerte y vinieron menos comensales.",
  "Hubo un corte de luz de dos horas.",
  "Se descompuso el refrigerador; la carne se cocinó el mismo día.",
  "Una integrante del comité faltó por enfermedad.",
  "El proveedor de tortillas llegó tarde.",
  "Se acabaron las raciones antes de las 15:00.",
  "Vino personal de la alcaldía a revisar el comedor.",
  "Fuga pequeña en la tubería del fregadero, ya reparada.",
};

/* Form versions, each in use from its date on. */
static const struct { guint year, month, day; const char *version; } form_versions[] = {
  { 2009, 1, 1, "2019071501" },
  { 2020, 3, 23, "2020032001" },
  { 2022, 1, 10, "2022010701" },
  { 2024, 2, 5, "2024020201" },
  { 2025, 6, 2, "2025053001" },
};

typedef enum
{
  STATUS_ACTIVE,
  STATUS_SUSPENDED,
  STATUS_CLOSED,
} Status;

typedef struct
{
  gint64                id;            /* 0 for a kitchen not in the registry */
  char                  folio[16];
  gboolean              publico;
  const CmAlcaldiaInfo *alcaldia;
  guint                 place;         /* index in places[] */
  double                latitude;
  double                longitude;
  double                altitude;
  guint                 capacity;
  char                  tablet[24];
  char                 *submitter;
  gint64                submitter_id;
  GDate                 opened;
  GDate                 first;         /* the window, both included */
  GDate                 last;
  Status                status;
  GDate                 closed;        /* valid when closed */
  double                occupancy;     /* the usual share of capacity served */
  double                free_share;    /* comunitarios: the usual share given free */
  double                cost_per_ration;
  guint                 n_active;      /* active committee members */
} Kitchen;

typedef struct
{
  const char *concept;
  gint64      amount_cents;
  gboolean    has_receipt;
} Purchase;

typedef struct
{
  gint64       id;
  char         instance_id[48];
  GDate        date;
  gint64       rations_paid;
  gint64       rations_free;
  gint64       fee_cents;
  gint64       spending_cents;
  gint64       diners[4];        /* children, adults, older, disabled */
  gint64       members_present;
  gboolean     takeaway;
  const char  *incidents;        /* NULL when none */
  double       latitude;
  double       longitude;
  double       altitude;
  double       accuracy;
  char         device[24];
  gint64       submitted_ms;     /* local milliseconds since the report day's midnight */
  char         submitted_at[32];
  char         updated_at[32];   /* empty when NULL */
  const char  *review_state;
  const char  *form_version;
  guint        n_purchases;
  Purchase     purchases[4];
} Report;

typedef struct
{
  CmDb                *db;
  const CmDemoOptions *options;
  CmDemoSummary       *summary;
  GDate                start;
  GDate                end;
  GDate                fee_change;
  GDate                takeaway_from;
  GDate                takeaway_until;
  GDate                form_version_from[G_N_ELEMENTS (form_versions)];
  gint64               next_member_id;
  gint64               next_report_id;
  gint64               next_purchase_id;
  GString             *raw;
  GChecksum           *sha1;
  sqlite3_stmt        *insert_canteen;
  sqlite3_stmt        *insert_member;
  sqlite3_stmt        *insert_report;
  sqlite3_stmt        *insert_purchase;
} Demo;

/* Helpers: dates, numbers, text. */

static void
set_date (GDate      *date,
          guint       year,
          guint       month,
          guint       day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
format_date (const GDate *date,
             char         buf[16])
{
  g_snprintf (buf, 16, "%04u-%02u-%02u",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* A day between @first and @last, both included. */
static void
random_date (CmRng       *rng,
             const GDate *first,
             const GDate *last,
             GDate       *out)
{
  guint32 a = g_date_get_julian (first);
  guint32 b = g_date_get_julian (last);

  g_date_clear (out, 1);
  g_date_set_julian (out, (guint32) cm_rng_range (rng, a, MAX (a, b)));
}

/* ISO 8601 in UTC, to the millisecond, of a local time in Mexico City:
 * @local_ms counts from @day's local midnight and may run past it. */
static void
format_utc (const GDate *day,
            gint64       local_ms,
            char         buf[32])
{
  gint64 utc_ms = local_ms + (gint64) UTC_OFFSET_HOURS * 3600 * 1000;
  gint64 days = utc_ms / (86400 * 1000);
  gint64 ms = utc_ms % (86400 * 1000);
  GDate utc_day = *day;

  g_date_add_days (&utc_day, (guint) days);
  g_snprintf (buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
              g_date_get_year (&utc_day), g_date_get_month (&utc_day), g_date_get_day (&utc_day),
              (guint) (ms / 3600000), (guint) (ms / 60000 % 60), (guint) (ms / 1000 % 60),
              (guint) (ms % 1000));
}

static double
round_to (double value,
          int    decimals)
{
  double scale = pow (10, decimals);

  return round (value * scale) / scale;
}

/* A number as JSON prints it: no trailing zeros, no locale. */
static void
append_decimal (GString *out,
                double   value,
                int      decimals)
{
  char format[8];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);

  if (strchr (buf, '.') != NULL)
    {
      end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");

  g_string_append (out, buf);
}

/* Pesos from centavos, as Central serves a decimal: 1320, 1320.5, 1320.55. */
static void
append_pesos (GString *out,
              gint64   cents)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, cents / 100);
  if (cents % 100 == 0)
    return;
  if (cents % 10 == 0)
    g_string_append_printf (out, ".%d", (int) (cents % 100 / 10));
  else
    g_string_append_printf (out, ".%02d", (int) (cents % 100));
}

static void
append_json_string (GString    *out,
                    const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static const char *
pick (CmRng              *rng,
      const char * const *items,
      guint               n_items)
{
  return items[cm_rng_range (rng, 0, n_items - 1)];
}

#define PICK(rng, array) pick ((rng), (array), G_N_ELEMENTS (array))

static guint
count_colonias (guint place)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (places[place].colonias) && places[place].colonias[n] != NULL)
    n++;

  return n;
}

static void
random_hex (CmRng *rng,
            char  *buf,
            guint  n_digits)
{
  static const char digits[] = "0123456789abcdef";
  guint64 bits = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (i % 16 == 0)
        bits = cm_rng_next (rng);
      buf[i] = digits[bits & 0xf];
      bits >>= 4;
    }
  buf[n_digits] = '\0';
}

static void
random_tablet (CmRng *rng,
               char   buf[24])
{
  memcpy (buf, "tab-", 4);
  random_hex (rng, buf + 4, 12);
}

/* An RFC 4122 version 4 UUID, drawn from @rng rather than from the system. */
static void
random_instance_id (CmRng *rng,
                    char   buf[48])
{
  guint8 bytes[16];
  guint64 a = cm_rng_next (rng);
  guint64 b = cm_rng_next (rng);

  for (guint i = 0; i < 8; i++)
    {
      bytes[i] = (guint8) (a >> (8 * i));
      bytes[8 + i] = (guint8) (b >> (8 * i));
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  g_snprintf (buf, 48,
              "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
              bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
}

static char *
random_person (CmRng *rng)
{
  const char *first = cm_rng_chance (rng, 0.8) ? PICK (rng, women_names) : PICK (rng, men_names);
  const char *second = PICK (rng, surnames);
  const char *third = PICK (rng, surnames);

  return g_strdup_printf ("%s %s %s", first, second, third);
}

/* Functions rather than CLAMP (): an argument that draws must draw once. */
static double
clamp_double (double value,
              double lo,
              double hi)
{
  return value < lo ? lo : value > hi ? hi : value;
}

static gint64
clamp64 (gint64 value,
         gint64 lo,
         gint64 hi)
{
  return CLAMP (value, lo, hi);
}

/* A point @meters away from (@lat, @lon), in a random direction. */
static void
offset_point (CmRng  *rng,
              double  lat,
              double  lon,
              double  meters,
              double *out_lat,
              double *out_lon)
{
  double angle = cm_rng_double (rng) * 2 * G_PI;

  *out_lat = lat + meters * sin (angle) / 110574.0;
  *out_lon = lon + meters * cos (angle) / (111320.0 * cos (lat * G_PI / 180));
}

/* Writing rows. */

static gboolean
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *value)
{
  if (value == NULL || *value == '\0')
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;
  return sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static gboolean
insert_canteen (Demo          *demo,
                const Kitchen *k,
                const char    *name,
                const char    *address,
                const char    *colonia,
                GError       **error)
{
  sqlite3_stmt *stmt = demo->insert_canteen;
  static const char * const statuses[] = { "active", "suspended", "closed" };
  char opened[16], closed[16];

  format_date (&k->opened, opened);
  if (k->status == STATUS_CLOSED)
    format_date (&k->closed, closed);

  sqlite3_bind_int64 (stmt, 1, k->id);
  sqlite3_bind_text (stmt, 2, k->folio, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, k->publico ? "publico" : "comunitario", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, colonia, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, k->alcaldia->code, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 8, k->latitude);
  sqlite3_bind_double (stmt, 9, k->longitude);
  sqlite3_bind_text (stmt, 10,
                     k->publico ? "Lunes a viernes 10:00–17:00" : "Lunes a viernes 11:00–16:00",
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, k->capacity);
  sqlite3_bind_text (stmt, 12, statuses[k->status], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, opened, -1, SQLITE_TRANSIENT);
  if (k->status == STATUS_CLOSED)
    sqlite3_bind_text (stmt, 14, closed, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 14);
  sqlite3_bind_text (stmt, 15, k->tablet, -1, SQLITE_STATIC);

  return cm_db_step_done (demo->db, stmt, error);
}

static gboolean
insert_member (Demo         *demo,
               gint64        canteen_id,
               const char   *name,
               const char   *role,
               const GDate  *since,
               const GDate  *until,
               gboolean      holds_office,
               GError      **error)
{
  sqlite3_stmt *stmt = demo->insert_member;
  char since_text[16], until_text[16];

  format_date (since, since_text);
  sqlite3_bind_int64 (stmt, 1, demo->next_member_id++);
  sqlite3_bind_int64 (stmt, 2, canteen_id);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, since_text, -1, SQLITE_TRANSIENT);
  if (until != NULL)
    {
      format_date (until, until_text);
      sqlite3_bind_text (stmt, 6, until_text, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int (stmt, 7, holds_office ? 1 : 0);

  demo->summary->committee_members++;
  if (holds_office)
    demo->summary->members_holding_office++;

  return cm_db_step_done (demo->db, stmt, error);
}

static void
build_raw (Demo          *demo,
           const Kitchen *k,
           const Report  *r,
           const char    *folio)
{
  GString *s = demo->raw;
  char date[16];
  guint attachments = 1;

  for (guint i = 0; i < r->n_purchases; i++)
    attachments += r->purchases[i].has_receipt ? 1 : 0;

  format_date (&r->date, date);
  g_string_truncate (s, 0);

  g_string_append (s, "{\"comedor\":");
  append_json_string (s, folio);
  g_string_append_printf (s, ",\"fecha\":\"%s\",\"raciones_pagadas\":%" G_GINT64_FORMAT
                          ",\"raciones_gratuitas\":%" G_GINT64_FORMAT ",\"cuota_cobrada\":",
                          date, r->rations_paid, r->rations_free);
  append_pesos (s, r->fee_cents);
  g_string_append (s, ",\"gasto_total\":");
  append_pesos (s, r->spending_cents);
  g_string_append_printf (s, ",\"comensales\":{\"ninas_ninos\":%" G_GINT64_FORMAT
                          ",\"personas_adultas\":%" G_GINT64_FORMAT
                          ",\"personas_mayores\":%" G_GINT64_FORMAT
                          ",\"personas_discapacidad\":%" G_GINT64_FORMAT "}"
                          ",\"integrantes_presentes\":%" G_GINT64_FORMAT
                          ",\"solo_para_llevar\":\"%s\",\"incidencias\":",
                          r->diners[0], r->diners[1], r->diners[2], r->diners[3],
                          r->members_present, r->takeaway ? "si" : "no");
  append_json_string (s, r->incidents);
  g_string_append (s, ",\"ubicacion\":{\"type\":\"Point\",\"coordinates\":[");
  append_decimal (s, r->longitude, 6);
  g_string_append_c (s, ',');
  append_decimal (s, r->latitude, 6);
  g_string_append_c (s, ',');
  append_decimal (s, r->altitude, 1);
  g_string_append (s, "],\"properties\":{\"accuracy\":");
  append_decimal (s, r->accuracy, 1);
  g_string_append (s, "}},\"foto\":\"foto.jpg\",\"meta\":{\"instanceID\":\"");
  g_string_append (s, r->instance_id);
  g_string_append (s, "\"},\"__id\":\"");
  g_string_append (s, r->instance_id);
  g_string_append (s, "\",\"__system\":{\"submissionDate\":\"");
  g_string_append (s, r->submitted_at);
  g_string_append (s, "\",\"updatedAt\":");
  if (r->updated_at[0] != '\0')
    g_string_append_printf (s, "\"%s\"", r->updated_at);
  else
    g_string_append (s, "null");
  g_string_append_printf (s, ",\"submitterId\":\"%" G_GINT64_FORMAT "\",\"submitterName\":",
                          k->submitter_id);
  append_json_string (s, k->submitter);
  g_string_append_printf (s, ",\"attachmentsPresent\":%u,\"attachmentsExpected\":%u"
                          ",\"status\":null,\"reviewState\":",
                          attachments, attachments);
  append_json_string (s, r->review_state);
  g_string_append (s, ",\"deviceId\":");
  append_json_string (s, r->device);
  g_string_append_printf (s, ",\"edits\":0,\"formVersion\":\"%s\",\"deletedAt\":null}",
                          r->form_version);

  if (r->n_purchases > 0)
    {
      /* instance ids are uuid:<hex and dashes>: only the colon needs escaping */
      g_string_append_printf (s, ",\"compras@odata.navigationLink\":\"Submissions('uuid%%3A%s')/compras\""
                              ",\"compras\":[",
                              r->instance_id + 5);
      for (guint i = 0; i < r->n_purchases; i++)
        {
          char key[96];

          g_snprintf (key, sizeof key, "Submissions#%s%%%%compras#%u", r->instance_id, i);
          g_checksum_reset (demo->sha1);
          g_checksum_update (demo->sha1, (const guchar *) key, -1);

          if (i > 0)
            g_string_append_c (s, ',');
          g_string_append (s, "{\"concepto\":");
          append_json_string (s, r->purchases[i].concept);
          g_string_append (s, ",\"monto\":");
          append_pesos (s, r->purchases[i].amount_cents);
          if (r->purchases[i].has_receipt)
            g_string_append_printf (s, ",\"ticket\":\"recibo-%u.jpg\"", i + 1);
          else
            g_string_append (s, ",\"ticket\":null");
          g_string_append_printf (s, ",\"__id\":\"%s\"}", g_checksum_get_string (demo->sha1));
        }
      g_string_append_c (s, ']');
    }

  g_string_append_c (s, '}');
}

static gboolean
insert_report (Demo          *demo,
               const Kitchen *k,
               Report        *r,
               GError       **error)
{
  sqlite3_stmt *stmt = demo->insert_report;
  char date[16];
  guint attachments = 1;

  r->id = demo->next_report_id++;
  for (guint i = 0; i < r->n_purchases; i++)
    attachments += r->purchases[i].has_receipt ? 1 : 0;

  format_date (&r->date, date);
  build_raw (demo, k, r, k->folio);

  sqlite3_bind_int64 (stmt, 1, r->id);
  sqlite3_bind_text (stmt, 2, r->instance_id, -1, SQLITE_STATIC);
  if (k->id > 0)
    sqlite3_bind_int64 (stmt, 3, k->id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, k->folio, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, r->rations_paid);
  sqlite3_bind_int64 (stmt, 7, r->rations_free);
  sqlite3_bind_int64 (stmt, 8, r->fee_cents);
  sqlite3_bind_int64 (stmt, 9, r->spending_cents);
  for (int i = 0; i < 4; i++)
    sqlite3_bind_int64 (stmt, 10 + i, r->diners[i]);
  sqlite3_bind_int64 (stmt, 14, r->members_present);
  sqlite3_bind_int (stmt, 15, r->takeaway ? 1 : 0);
  sqlite3_bind_text (stmt, 16, r->incidents ? r->incidents : "", -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 17, r->latitude);
  sqlite3_bind_double (stmt, 18, r->longitude);
  sqlite3_bind_double (stmt, 19, r->accuracy);
  sqlite3_bind_text (stmt, 20, r->device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 21, k->submitter, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 22, r->submitted_at, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 23, r->updated_at);
  bind_text_or_null (stmt, 24, r->review_state);
  sqlite3_bind_text (stmt, 25, r->form_version, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 26, (int) attachments);
  sqlite3_bind_int (stmt, 27, (int) attachments);
  sqlite3_bind_text (stmt, 28, demo->raw->str, (int) demo->raw->len, SQLITE_STATIC);

  if (!cm_db_step_done (demo->db, stmt, error))
    return FALSE;

  demo->summary->reports++;

  for (guint i = 0; i < r->n_purchases; i++)
    {
      char receipt[32];

      stmt = demo->insert_purchase;
      sqlite3_bind_int64 (stmt, 1, demo->next_purchase_id++);
      sqlite3_bind_int64 (stmt, 2, r->id);
      sqlite3_bind_int (stmt, 3, (int) i);
      sqlite3_bind_text (stmt, 4, r->purchases[i].concept, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, r->purchases[i].amount_cents);
      if (r->purchases[i].has_receipt)
        {
          g_snprintf (receipt, sizeof receipt, "recibo-%u.jpg", i + 1);
          sqlite3_bind_text (stmt, 6, receipt, -1, SQLITE_TRANSIENT);
        }
      else
        sqlite3_bind_null (stmt, 6);

      if (!cm_db_step_done (demo->db, stmt, error))
        return FALSE;

      demo->summary->purchases++;
    }

  return TRUE;
}

/* Drawing a day's report. */

static gint64
fee_per_ration (Demo        *demo,
                const GDate *date)
{
  return g_date_compare (date, &demo->fee_change) >= 0 ? 1100 : 1000;
}

static const char *
form_version_for (Demo        *demo,
                  const GDate *date)
{
  const char *version = form_versions[0].version;

  for (guint i = 0; i < G_N_ELEMENTS (form_versions); i++)
    if (g_date_compare (date, &demo->form_version_from[i]) >= 0)
      version = form_versions[i].version;

  return version;
}

static void
set_rations (Demo          *demo,
             const Kitchen *k,
             CmRng         *rng,
             Report        *r,
             gint64         total)
{
  if (k->publico)
    {
      r->rations_paid = 0;
      r->rations_free = total;
    }
  else
    {
      double share = k->free_share * (0.5 + cm_rng_double (rng));

      r->rations_free = clamp64 ((gint64) round (total * share), 0, total);
      r->rations_paid = total - r->rations_free;
    }

  r->fee_cents = r->rations_paid * (k->publico ? 0 : fee_per_ration (demo, &r->date));
}

static void
set_diners (CmRng  *rng,
            Report *r)
{
  gint64 total = r->rations_paid + r->rations_free;

  r->diners[0] = (gint64) round (total * (0.15 + 0.10 * cm_rng_double (rng)));
  r->diners[2] = (gint64) round (total * (0.20 + 0.10 * cm_rng_double (rng)));
  r->diners[3] = (gint64) round (total * (0.02 + 0.04 * cm_rng_double (rng)));
  r->diners[1] = total - r->diners[0] - r->diners[2] - r->diners[3];
  g_assert (r->diners[1] >= 0);
}

static void
set_purchases (const Kitchen *k,
               CmRng         *rng,
               Report        *r)
{
  static const double count_weights[] = { 15, 35, 35, 15 };
  double weights[G_N_ELEMENTS (concepts)];
  double shares[4], share_total = 0;
  guint chosen[4];
  gint64 total = r->rations_paid + r->rations_free;
  double target = total * k->cost_per_ration * (0.9 + 0.2 * cm_rng_double (rng)) * 100;

  r->n_purchases = cm_rng_weighted (rng, count_weights, G_N_ELEMENTS (count_weights)) + 1;
  for (guint i = 0; i < r->n_purchases; i++)
    {
      guint c;

      /* the first line is food for the day; then anything not yet bought */
      for (guint j = 0; j < G_N_ELEMENTS (concepts); j++)
        {
          weights[j] = (i > 0 || concepts[j].main) ? concepts[j].weight : 0;
          for (guint m = 0; m < i; m++)
            if (chosen[m] == j)
              weights[j] = 0;
        }

      c = chosen[i] = cm_rng_weighted (rng, weights, G_N_ELEMENTS (concepts));
      r->purchases[i].concept = concepts[c].concept;
      r->purchases[i].has_receipt = TRUE;
      shares[i] = concepts[c].size * (0.7 + 0.6 * cm_rng_double (rng));
      share_total += shares[i];
    }

  r->spending_cents = 0;
  for (guint i = 0; i < r->n_purchases; i++)
    {
      double amount = target * shares[i] / share_total;

      r->purchases[i].amount_cents = concepts[chosen[i]].cents
                                     ? MAX (2500, (gint64) round (amount))
                                     : MAX (25, (gint64) round (amount / 100)) * 100;
      r->spending_cents += r->purchases[i].amount_cents;
    }
}

static void
set_submission (Demo          *demo,
                const Kitchen *k,
                CmRng         *rng,
                Report        *r,
                gint64         local_ms)
{
  GDate review_limit = demo->end;

  r->submitted_ms = local_ms;
  format_utc (&r->date, local_ms, r->submitted_at);

  /* A monitor reviewed some older reports on the server, 2–10 days after
   * they arrived (and so before the period ends). */
  r->review_state = NULL;
  r->updated_at[0] = '\0';
  g_date_subtract_days (&review_limit, 20);
  if (g_date_compare (&r->date, &review_limit) <= 0)
    {
      double u = cm_rng_double (rng);

      if (u < 0.05)
        {
          gint64 day = local_ms / 86400000 + cm_rng_range (rng, 2, 10);
          gint64 at = (9 + cm_rng_range (rng, 0, 8)) * 3600000 + cm_rng_range (rng, 0, 3599999);

          r->review_state = u < 0.04 ? "approved" : "hasIssues";
          format_utc (&r->date, day * 86400000 + at, r->updated_at);
        }
    }
}

/* A report as a well-run kitchen sends it; @kind then spoils one thing. */
static void
draw_report (Demo          *demo,
             const Kitchen *k,
             CmRng         *rng,
             const GDate   *date,
             AnomalyKind    kind,
             Report        *r)
{
  double occupancy;
  gint64 total;
  double distance;

  memset (r, 0, sizeof *r);
  r->date = *date;
  random_instance_id (rng, r->instance_id);

  occupancy = clamp_double (k->occupancy + cm_rng_normal (rng, 0, 0.04), 0.70, 0.95);
  total = (gint64) round (k->capacity * occupancy);
  if (kind == KIND_OVER_CAPACITY)
    {
      double excess = 1.04 + 0.26 * cm_rng_double (rng);

      total = MAX ((gint64) k->capacity + 1, (gint64) ceil (k->capacity * excess));
    }

  set_rations (demo, k, rng, r, total);
  set_diners (rng, r);
  set_purchases (k, rng, r);

  if (kind == KIND_FEE_MISMATCH)
    {
      gint64 rate = fee_per_ration (demo, date);
      gint64 expected = r->fee_cents;
      double u = cm_rng_double (rng);

      if (k->publico)
        /* a free kitchen that charged some diners 10 pesos */
        r->fee_cents = cm_rng_range (rng, 1, MAX (1, total / 2)) * 1000;
      else if (u < 0.5)
        /* fewer pesos than the rations sold */
        r->fee_cents = (r->rations_paid - cm_rng_range (rng, 1, MIN (15, MAX (1, r->rations_paid)))) * rate;
      else if (u < 0.7)
        /* the old fee */
        r->fee_cents = r->rations_paid * (rate - 100);
      else if (u < 0.8)
        /* more than the fee: a cause for closure */
        r->fee_cents = r->rations_paid * 1500;
      else
        /* rounded to 50 pesos */
        r->fee_cents = (expected / 5000 + 1) * 5000;

      if (r->fee_cents == expected || r->fee_cents < 0)
        r->fee_cents = expected + 5 * rate;
    }

  if (kind == KIND_MISSING_RECEIPT)
    r->purchases[cm_rng_range (rng, 0, r->n_purchases - 1)].has_receipt = FALSE;

  r->members_present = cm_rng_range (rng, 2, MAX (2, MIN (5, k->n_active)));
  r->takeaway = g_date_compare (date, &demo->takeaway_from) >= 0 &&
                g_date_compare (date, &demo->takeaway_until) <= 0 &&
                cm_rng_chance (rng, RATE_TAKEAWAY);
  r->incidents = cm_rng_chance (rng, RATE_INCIDENT) ? PICK (rng, incidents) : NULL;

  if (kind == KIND_GPS_FAR)
    distance = 1500 + 10500 * cm_rng_double (rng);
  else
    distance = clamp_double (fabs (cm_rng_normal (rng, 0, 18)), 0, 60);
  offset_point (rng, k->latitude, k->longitude, distance, &r->latitude, &r->longitude);
  r->latitude = round_to (r->latitude, 6);
  r->longitude = round_to (r->longitude, 6);
  r->altitude = round_to (k->altitude + cm_rng_normal (rng, 0, 3), 1);
  r->accuracy = round_to (5 + 20 * cm_rng_double (rng), 1);

  if (kind == KIND_UNREGISTERED_DEVICE)
    {
      do
        random_tablet (rng, r->device);
      while (strcmp (r->device, k->tablet) == 0);
    }
  else
    memcpy (r->device, k->tablet, sizeof r->device);

  r->form_version = form_version_for (demo, date);

  if (kind == KIND_LATE)
    {
      gint64 days = cm_rng_range (rng, 1, 6);
      gint64 at = 8 * 3600000 + cm_rng_range (rng, 0, 13 * 3600000 - 1);

      set_submission (demo, k, rng, r, days * 86400000 + at);
    }
  else
    set_submission (demo, k, rng, r, 16 * 3600000 + cm_rng_range (rng, 0, 3 * 3600000 - 1));
}

static void
count_kind (CmDemoSummary *summary,
            AnomalyKind    kind)
{
  switch (kind)
    {
    case KIND_FEE_MISMATCH: summary->fee_mismatches++; break;
    case KIND_OVER_CAPACITY: summary->over_capacity++; break;
    case KIND_GPS_FAR: summary->gps_far++; break;
    case KIND_LATE: summary->late_submissions++; break;
    case KIND_UNREGISTERED_DEVICE: summary->unregistered_devices++; break;
    case KIND_MISSING_RECEIPT: summary->missing_receipts++; break;
    case KIND_DUPLICATE: summary->duplicate_days++; break;
    case KIND_NONE:
    default:
      break;
    }
}

static AnomalyKind
draw_kind (CmRng *rng)
{
  double u = cm_rng_double (rng);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_table); i++)
    if (u < anomaly_table[i].upto)
      return anomaly_table[i].kind;

  return KIND_NONE;
}

/* Kitchens. */

static guint
find_place (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    if (strcmp (places[i].code, code) == 0)
      return i;

  g_assert_not_reached ();
  return 0;
}

/* Where a kitchen stands: around its alcaldía's centroid. */
static void
draw_location (CmRng   *rng,
               Kitchen *k)
{
  double sd = k->alcaldia->spread_km / 1.6;
  double limit = 1.6 * k->alcaldia->spread_km;
  double dx = clamp_double (cm_rng_normal (rng, 0, sd), -limit, limit);
  double dy = clamp_double (cm_rng_normal (rng, 0, sd), -limit, limit);

  k->latitude = round_to (k->alcaldia->latitude + dy / 110.574, 6);
  k->longitude = round_to (k->alcaldia->longitude + dx / (111.320 * cos (k->alcaldia->latitude * G_PI / 180)), 6);
  k->altitude = places[k->place].altitude + cm_rng_range (rng, -10, 40);
}

static void
draw_operations (CmRng   *rng,
                 Kitchen *k)
{
  double mean = k->publico ? 22 : 18;

  k->capacity = 10 * (guint) clamp_double (round (cm_rng_normal (rng, mean, 5)), 10, 35);
  k->occupancy = 0.74 + 0.16 * cm_rng_double (rng);
  k->free_share = k->publico ? 1 : 0.06 * cm_rng_double (rng);
  k->cost_per_ration = 12 + 6 * cm_rng_double (rng);
}

/* Opening, status and the window of days it reports on. */
static void
draw_history (Demo    *demo,
              CmRng   *rng,
              Kitchen *k)
{
  guint period_days = g_date_days_between (&demo->start, &demo->end) + 1;
  double u;

  if (period_days >= 90 && cm_rng_chance (rng, RATE_OPENED_IN_PERIOD))
    {
      GDate lo = demo->start, hi = demo->end;

      g_date_add_days (&lo, 5);
      g_date_subtract_days (&hi, 30);
      random_date (rng, &lo, &hi, &k->opened);
      demo->summary->kitchens_opened_in_period++;
    }
  else
    {
      GDate lo, hi;

      set_date (&lo, 2009, 1, 15);
      set_date (&hi, 2021, 12, 31);
      if (g_date_compare (&demo->start, &hi) <= 0)
        {
          hi = demo->start;
          g_date_subtract_days (&hi, 1);
        }
      if (g_date_compare (&hi, &lo) < 0)
        hi = lo;
      random_date (rng, &lo, &hi, &k->opened);
    }

  k->first = g_date_compare (&k->opened, &demo->start) > 0 ? k->opened : demo->start;
  k->last = demo->end;
  k->status = STATUS_ACTIVE;

  u = cm_rng_double (rng);
  if (u < RATE_CLOSED + RATE_SUSPENDED)
    {
      GDate lo = k->first, hi = demo->end;

      g_date_add_days (&lo, 20);
      if (u < RATE_CLOSED)
        g_date_subtract_days (&hi, 7);
      else
        {
          GDate earliest = demo->end;

          g_date_subtract_days (&earliest, 70);
          g_date_subtract_days (&hi, 14);
          if (g_date_compare (&earliest, &lo) > 0)
            lo = earliest;
        }

      if (g_date_compare (&lo, &hi) <= 0)
        {
          GDate stop;

          random_date (rng, &lo, &hi, &stop);
          k->last = stop;
          g_date_subtract_days (&k->last, 1);
          if (u < RATE_CLOSED)
            {
              k->status = STATUS_CLOSED;
              k->closed = stop;
            }
          else
            k->status = STATUS_SUSPENDED;
        }
    }
}

static gboolean
write_committee (Demo     *demo,
                 Kitchen  *k,
                 CmRng    *rng,
                 GError  **error)
{
  static const char * const roles[] = { "responsable", "secretaria", "tesoreria", "vocal", "vocal", "vocal" };
  guint n = (guint) cm_rng_range (rng, 3, 6);
  gint office = cm_rng_chance (rng, RATE_HOLDS_OFFICE) ? (gint) cm_rng_range (rng, 0, n - 1) : -1;
  GDate latest = demo->end;

  g_date_subtract_days (&latest, 1);
  k->n_active = n;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = random_person (rng);
      GDate since = k->opened;

      /* Some seats changed hands: the one who left stays on record. */
      if (cm_rng_chance (rng, 0.08) &&
          g_date_days_between (&k->opened, &latest) > 120)
        {
          GDate lo = k->opened, until;
          g_autofree char *former = random_person (rng);

          g_date_add_days (&lo, 60);
          random_date (rng, &lo, &latest, &since);
          until = since;
          g_date_subtract_days (&until, 1);
          if (!insert_member (demo, k->id, former, roles[i], &k->opened, &until, FALSE, error))
            return FALSE;
        }

      if (!insert_member (demo, k->id, name, roles[i], &since, NULL, (gint) i == office, error))
        return FALSE;
    }

  return TRUE;
}

static guint
count_operating_days (const GDate *first,
                      const GDate *last)
{
  if (g_date_compare (first, last) > 0)
    return 0;
  return cm_workdays_count (first, last);
}

static gboolean
write_reports (Demo     *demo,
               Kitchen  *k,
               CmRng    *rng,
               GError  **error)
{
  guint n_operating = count_operating_days (&k->first, &k->last);
  guint streak_from = G_MAXUINT, streak_to = 0;
  guint op_index = 0;
  GDate day;

  demo->summary->expected_days += n_operating;
  if (n_operating == 0)
    return TRUE;

  if (cm_rng_chance (rng, RATE_MISSING_STREAK) && n_operating >= 20)
    {
      guint length = (guint) cm_rng_range (rng, 6, 15);

      streak_from = (guint) cm_rng_range (rng, 0, n_operating - length - 1);
      streak_to = streak_from + length - 1;
      demo->summary->missing_streaks++;
    }

  for (day = k->first; g_date_compare (&day, &k->last) <= 0; g_date_add_days (&day, 1))
    {
      Report report, copy;
      AnomalyKind kind;

      if (!cm_workdays_is_operating_day (&day))
        {
          /* Some kitchens opened on a Saturday or a holiday, and said so. */
          if (op_index > 0 && op_index < n_operating && cm_rng_chance (rng, RATE_OFFDAY_REPORT))
            {
              draw_report (demo, k, rng, &day, KIND_NONE, &report);
              if (!insert_report (demo, k, &report, error))
                return FALSE;
              demo->summary->offday_reports++;
            }
          continue;
        }

      op_index++;

      if (op_index - 1 >= streak_from && op_index - 1 <= streak_to)
        {
          demo->summary->missing_days++;
          continue;
        }

      if (cm_rng_chance (rng, RATE_MISSING_DAY) &&
          !(k->status == STATUS_SUSPENDED && op_index == n_operating))
        {
          demo->summary->missing_days++;
          continue;
        }

      kind = draw_kind (rng);
      draw_report (demo, k, rng, &day, kind == KIND_DUPLICATE ? KIND_NONE : kind, &report);
      if (!insert_report (demo, k, &report, error))
        return FALSE;
      count_kind (demo->summary, kind);

      if (kind == KIND_DUPLICATE)
        {
          /* Sent again a little later, counted again on the tablet. */
          draw_report (demo, k, rng, &day, KIND_NONE, &copy);
          copy.review_state = NULL;
          copy.updated_at[0] = '\0';
          copy.submitted_ms = report.submitted_ms + cm_rng_range (rng, 5, 120) * 60000;
          format_utc (&day, copy.submitted_ms, copy.submitted_at);
          if (!insert_report (demo, k, &copy, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_kitchen (Demo                 *demo,
               CmRng                *kitchens_rng,
               guint                 index,
               const CmAlcaldiaInfo *alcaldia,
               guint                *n_comunitarios,
               guint                *n_publicos,
               GError              **error)
{
  CmRng kitchen_rng, rng;
  Kitchen k = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  const char *colonia;
  const char *street_kind;
  const char *street;
  double u;
  gboolean ok;

  cm_rng_fork (kitchens_rng, &kitchen_rng, index);
  cm_rng_fork (&kitchen_rng, &rng, KSTREAM_IDENTITY);

  k.id = index + 1;
  k.alcaldia = alcaldia;
  k.place = find_place (alcaldia->code);
  k.publico = cm_rng_chance (&rng, RATE_PUBLICO);
  if (k.publico)
    g_snprintf (k.folio, sizeof k.folio, "CP%03u", ++*n_publicos);
  else
    g_snprintf (k.folio, sizeof k.folio, "CC%03u", ++*n_comunitarios);

  colonia = places[k.place].colonias[cm_rng_range (&rng, 0, count_colonias (k.place) - 1)];
  name = g_strdup_printf ("%s %s", k.publico ? "Comedor Público" : "Comedor Comunitario",
                          cm_rng_chance (&rng, 0.2) ? colonia : PICK (&rng, kitchen_names));

  street_kind = PICK (&rng, street_kinds);
  street = PICK (&rng, street_names);
  u = cm_rng_double (&rng);
  if (u < 0.7)
    address = g_strdup_printf ("%s %s %u", street_kind, street, (guint) cm_rng_range (&rng, 1, 350));
  else if (u < 0.9)
    address = g_strdup_printf ("%s %s Mz %u Lt %u", street_kind, street,
                               (guint) cm_rng_range (&rng, 1, 90), (guint) cm_rng_range (&rng, 1, 40));
  else
    address = g_strdup_printf ("%s %s s/n", street_kind, street);

  draw_location (&rng, &k);
  draw_operations (&rng, &k);
  random_tablet (&rng, k.tablet);
  k.submitter = g_strdup_printf ("Tableta %s", k.folio);
  k.submitter_id = 100 + index;
  draw_history (demo, &rng, &k);

  switch (k.status)
    {
    case STATUS_ACTIVE: demo->summary->kitchens_active++; break;
    case STATUS_SUSPENDED: demo->summary->kitchens_suspended++; break;
    case STATUS_CLOSED: demo->summary->kitchens_closed++; break;
    default: g_assert_not_reached ();
    }
  if (k.publico)
    demo->summary->publicos++;
  else
    demo->summary->comunitarios++;
  demo->summary->kitchens++;

  ok = insert_canteen (demo, &k, name, address, colonia, error);

  if (ok)
    {
      cm_rng_fork (&kitchen_rng, &rng, KSTREAM_COMMITTEE);
      ok = write_committee (demo, &k, &rng, error);
    }

  if (ok)
    {
      cm_rng_fork (&kitchen_rng, &rng, KSTREAM_DAYS);
      ok = write_reports (demo, &k, &rng, error);
    }

  g_free (k.submitter);
  return ok;
}

/* Reports from tablets whose folio the registry does not know. */
static gboolean
write_unknown_folios (Demo      *demo,
                      CmRng     *root,
                      guint      n_comunitarios,
                      GError   **error)
{
  guint n = MAX (2, demo->options->kitchens / 90);
  guint base = n_comunitarios < 900 ? 900 : n_comunitarios + 1;
  guint n_alcaldias;
  const CmAlcaldiaInfo *alcaldias = cm_alcaldias_get_all (&n_alcaldias);
  double weights[16];
  guint n_operating = count_operating_days (&demo->start, &demo->end);

  g_assert (n_alcaldias <= G_N_ELEMENTS (weights));
  for (guint i = 0; i < n_alcaldias; i++)
    weights[i] = alcaldias[i].kitchens;

  if (n_operating == 0)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      CmRng rng;
      Kitchen k = { 0 };
      Report report;
      GDate day = demo->start;
      guint nth;
      gboolean ok;

      cm_rng_fork (root, &rng, i);
      k.id = 0;
      k.alcaldia = &alcaldias[cm_rng_weighted (&rng, weights, n_alcaldias)];
      k.place = find_place (k.alcaldia->code);
      g_snprintf (k.folio, sizeof k.folio, "CC%03u", base + (guint) cm_rng_range (&rng, 0, 98));
      draw_location (&rng, &k);
      draw_operations (&rng, &k);
      random_tablet (&rng, k.tablet);
      k.submitter = g_strdup_printf ("Tableta %s", k.folio);
      k.submitter_id = 100 + demo->options->kitchens + i;
      k.n_active = 4;

      /* the nth operating day of the period */
      nth = (guint) cm_rng_range (&rng, 0, n_operating - 1);
      while (!cm_workdays_is_operating_day (&day) || nth-- > 0)
        g_date_add_days (&day, 1);

      draw_report (demo, &k, &rng, &day, KIND_NONE, &report);
      ok = insert_report (demo, &k, &report, error);
      g_free (k.submitter);
      if (!ok)
        return FALSE;

      demo->summary->unknown_folios++;
    }

  return TRUE;
}

/* Kitchens per alcaldía in proportion to the 2021 counts (largest
 * remainders), dealt out in a shuffled order so folios do not follow them. */
static const CmAlcaldiaInfo **
deal_alcaldias (CmRng *rng,
                guint  n_kitchens)
{
  guint n_alcaldias;
  const CmAlcaldiaInfo *alcaldias = cm_alcaldias_get_all (&n_alcaldias);
  const CmAlcaldiaInfo **slots = g_new (const CmAlcaldiaInfo *, n_kitchens);
  guint counts[16] = { 0 };
  double remainders[16];
  guint total_weight = 0, assigned = 0, filled = 0;

  g_assert (n_alcaldias <= G_N_ELEMENTS (counts));

  for (guint i = 0; i < n_alcaldias; i++)
    total_weight += alcaldias[i].kitchens;

  for (guint i = 0; i < n_alcaldias; i++)
    {
      double quota = (double) n_kitchens * alcaldias[i].kitchens / total_weight;

      counts[i] = (guint) floor (quota);
      remainders[i] = quota - counts[i];
      assigned += counts[i];
    }

  while (assigned < n_kitchens)
    {
      guint best = 0;

      for (guint i = 1; i < n_alcaldias; i++)
        if (remainders[i] > remainders[best])
          best = i;
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }

  for (guint i = 0; i < n_alcaldias; i++)
    for (guint j = 0; j < counts[i]; j++)
      slots[filled++] = &alcaldias[i];

  for (guint i = n_kitchens; i > 1; i--)
    {
      guint j = (guint) cm_rng_range (rng, 0, i - 1);
      const CmAlcaldiaInfo *tmp = slots[i - 1];

      slots[i - 1] = slots[j];
      slots[j] = tmp;
    }

  return slots;
}

static gboolean
prepare_statements (Demo    *demo,
                    GError **error)
{
  demo->insert_canteen =
    cm_db_prepare (demo->db,
                   "INSERT INTO canteen (id, folio, name, modality, address, colonia, alcaldia_code,"
                   " latitude, longitude, schedule, capacity, status, opened_on, closed_on, tablet_id)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                   error);
  if (demo->insert_canteen == NULL)
    return FALSE;

  demo->insert_member =
    cm_db_prepare (demo->db,
                   "INSERT INTO committee_member (id, canteen_id, name, role, since, until, holds_office)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   error);
  if (demo->insert_member == NULL)
    return FALSE;

  demo->insert_report =
    cm_db_prepare (demo->db,
                   "INSERT INTO report (id, instance_id, canteen_id, folio_sent, report_date,"
                   " rations_paid, rations_free, fee_cents, spending_cents, diners_children,"
                   " diners_adults, diners_older, diners_disabled, members_present, takeaway_only,"
                   " incidents, latitude, longitude, gps_accuracy, device_id, submitter,"
                   " submitted_at, updated_at, review_state, form_version, attachments_expected,"
                   " attachments_present, raw)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                   " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
                   error);
  if (demo->insert_report == NULL)
    return FALSE;

  demo->insert_purchase =
    cm_db_prepare (demo->db,
                   "INSERT INTO purchase (id, report_id, position, concept, amount_cents, receipt_photo)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   error);

  return demo->insert_purchase != NULL;
}

static gboolean
check_options (const CmDemoOptions  *options,
               GError              **error)
{
  if (options->kitchens < 1 || options->kitchens > 100000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The demo can have from 1 to 100 000 kitchens, not %u."),
                   options->kitchens);
      return FALSE;
    }

  if (options->months < 1 || options->months > 120)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The demo can span from 1 to 120 months, not %u."),
                   options->months);
      return FALSE;
    }

  if (!g_date_valid (&options->end) ||
      g_date_get_year (&options->end) < 2010 || g_date_get_year (&options->end) > 2100)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The demo’s last day must be a date from 2010 to 2100."));
      return FALSE;
    }

  return TRUE;
}

/**
 * cm_demo_options_init_default:
 * @options: (out caller-allocates): the options to fill
 *
 * Sets the options of the standard demo: seed 2021, 450 kitchens, twelve
 * months ending yesterday (local time), no progress callback.
 */
void
cm_demo_options_init_default (CmDemoOptions *options)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->seed = 2021;
  options->kitchens = 450;
  options->months = 12;
  set_date (&options->end,
            (guint) g_date_time_get_year (now),
            (guint) g_date_time_get_month (now),
            (guint) g_date_time_get_day_of_month (now));
  g_date_subtract_days (&options->end, 1);
}

static gboolean
generate_locked (Demo          *demo,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const CmDemoOptions *options = demo->options;
  g_autofree const CmAlcaldiaInfo **slots = NULL;
  CmRng root, layout, kitchens, unknown;
  guint n_comunitarios = 0, n_publicos = 0;
  gint64 used;

  used = cm_db_query_int (demo->db,
                          "SELECT EXISTS (SELECT 1 FROM canteen) OR EXISTS (SELECT 1 FROM report)"
                          " OR EXISTS (SELECT 1 FROM committee_member)"
                          " OR EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM quarantine)",
                          error);
  if (used < 0)
    return FALSE;
  if (used > 0)
    {
      g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_EMPTY,
                   _("The database “%s” already holds kitchens, reports or server accounts. "
                     "The demo is only written into an empty database: choose a new file."),
                   cm_db_get_path (demo->db));
      return FALSE;
    }

  if (!prepare_statements (demo, error))
    return FALSE;

  cm_rng_init (&root, options->seed);
  cm_rng_fork (&root, &layout, STREAM_LAYOUT);
  cm_rng_fork (&root, &kitchens, STREAM_KITCHENS);
  cm_rng_fork (&root, &unknown, STREAM_UNKNOWN);

  slots = deal_alcaldias (&layout, options->kitchens);

  for (guint i = 0; i < options->kitchens; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!write_kitchen (demo, &kitchens, i, slots[i], &n_comunitarios, &n_publicos, error))
        return FALSE;

      if (options->progress != NULL)
        options->progress (i + 1, options->kitchens, options->progress_data);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return write_unknown_folios (demo, &unknown, n_comunitarios, error);
}

/**
 * cm_demo_generate:
 * @db: an empty database
 * @options: what to build; see cm_demo_options_init_default()
 * @summary: (out caller-allocates) (optional): what was built and the
 *   anomalies planted, counted exactly
 * @cancellable: (nullable): checked between kitchens
 * @error: return location for a #GError
 *
 * Fills an empty database with a realistic demo world: kitchens spread over
 * the alcaldías like the real ones, their committees and a report for each
 * operating day of the period, with anomalies planted at the rates that
 * cm-demo.h documents. The same options give the same rows, ids included.
 *
 * Everything is written in one transaction, with @db locked: on an error or
 * a cancellation nothing is left behind. A database that already holds
 * kitchens, reports or server accounts is refused with %CM_DB_ERROR_NOT_EMPTY.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_demo_generate (CmDb                 *db,
                  const CmDemoOptions  *options,
                  CmDemoSummary        *summary,
                  GCancellable         *cancellable,
                  GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CmDemoSummary local_summary;
  Demo demo = { 0 };
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (options, error))
    return FALSE;

  if (summary == NULL)
    summary = &local_summary;
  memset (summary, 0, sizeof *summary);

  demo.db = db;
  demo.options = options;
  demo.summary = summary;
  demo.end = options->end;
  demo.start = options->end;
  g_date_subtract_months (&demo.start, options->months);
  g_date_add_days (&demo.start, 1);
  set_date (&demo.fee_change, FEE_CHANGE_YEAR, 1, 1);
  set_date (&demo.takeaway_from, 2020, 3, 23);
  set_date (&demo.takeaway_until, 2021, 12, 31);
  for (guint i = 0; i < G_N_ELEMENTS (form_versions); i++)
    set_date (&demo.form_version_from[i], form_versions[i].year, form_versions[i].month,
              form_versions[i].day);
  demo.next_member_id = 1;
  demo.next_report_id = 1;
  demo.next_purchase_id = 1;
  demo.raw = g_string_sized_new (2048);
  demo.sha1 = g_checksum_new (G_CHECKSUM_SHA1);

  summary->first_day = demo.start;
  summary->last_day = demo.end;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  /* A larger page cache keeps the random instance_id index in memory while
   * millions of rows go in; back to SQLite's default afterwards. */
  ok = cm_db_exec (db, "PRAGMA cache_size = -262144", error) && cm_db_begin (db, error);
  if (ok)
    {
      ok = generate_locked (&demo, cancellable, error) && cm_db_commit (db, error);
      if (!ok)
        cm_db_rollback (db);
    }
  cm_db_exec (db, "PRAGMA cache_size = -2000", NULL);

  /* The cached statements keep no pointer into what is freed below. */
  if (demo.insert_canteen != NULL)
    sqlite3_clear_bindings (demo.insert_canteen);
  if (demo.insert_member != NULL)
    sqlite3_clear_bindings (demo.insert_member);
  if (demo.insert_report != NULL)
    sqlite3_clear_bindings (demo.insert_report);
  if (demo.insert_purchase != NULL)
    sqlite3_clear_bindings (demo.insert_purchase);

  if (!ok)
    memset (summary, 0, sizeof *summary);

  g_string_free (demo.raw, TRUE);
  g_checksum_free (demo.sha1);

  return ok;
}

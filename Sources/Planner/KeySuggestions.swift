import Diagnostics
import Foundation

/// The way out of an `unknown-key` error: the allowed key a user most likely meant.
///
/// Tried in order: the same name in another spelling (case, accents, `-`, spaces or camelCase
/// for `_`: `To-Be-Confirmed`, `toBeConfirmed`); the name in Spanish, Portuguese or French, or an
/// English variant, from ``synonyms`` (`ciudad`, `cidade` and `ville` are `city`, `organizer` is
/// `organiser`), which edit distance cannot find; then the nearest name by edit distance (at most
/// 2 for names of 5 letters or more, 1 for shorter ones: `rom` is `room`).
enum KeySuggestions {
    /// Key names in other languages and English variants, folded as ``fold(_:)`` folds (lowercase,
    /// no accents, `_` for spaces and hyphens), to the programme key they mean. A name is
    /// suggested only where its key is allowed (`sala` is a session's `room`, `salas` a venue's `rooms`).
    static let synonyms: [String: String] = [
        // English variants
        "organizer": "organiser", "time_zone": "timezone", "tz": "timezone", "zone": "timezone",
        "location": "venue", "place": "venue", "speaker": "speakers", "chair": "chairs",
        "latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon", "begin": "start", "starts": "start",
        "ends": "end", "finish": "end", "type": "kind", "themes": "theme", "topic": "theme", "topics": "theme",
        "notes": "note", "source": "sources", "desc": "description", "summary": "description", "tbc": "to_be_confirmed",
        "language": "languages", "holiday": "holidays", "mail": "email", "e_mail": "email", "seats": "capacity",
        "organisation": "organiser", "organization": "organiser", "link": "url", "website": "url", "web": "url",
        "delegates": "delegations", "persons": "people", "events": "activities", "opens": "open", "closes": "close",
        // Spanish
        "ciudad": "city", "pais": "country", "direccion": "address", "nombre": "name", "titulo": "title",
        "descripcion": "description", "salas": "rooms", "sala": "room", "capacidad": "capacity", "aforo": "capacity",
        "zona_horaria": "timezone", "horario": "hours", "horarios": "hours", "feriados": "holidays", "festivos": "holidays",
        "inicio": "start", "comienzo": "start", "fin": "end", "termino": "end", "estado": "status", "sesiones": "sessions",
        "sede": "venue", "lugar": "venue", "sedes": "venues", "lugares": "venues", "tipo": "kind", "clase": "kind",
        "tema": "theme", "temas": "theme", "nota": "note", "notas": "note", "fuentes": "sources", "fuente": "sources",
        "cupo": "quota", "cuota": "quota", "idiomas": "languages", "lenguas": "languages", "actualizado": "updated",
        "actualizacion": "updated", "organizador": "organiser", "organizadora": "organiser", "correo": "email",
        "personas": "people", "gente": "people", "actividades": "activities", "ponentes": "speakers", "oradores": "speakers",
        "expositores": "speakers", "moderadores": "chairs", "presidentes": "chairs", "delegacion": "delegation",
        "delegaciones": "delegations", "rol": "role", "cargo": "role", "apertura": "open", "abre": "open", "cierre": "close",
        "cierra": "close", "desde": "from", "hasta": "to", "traslados": "transfers", "traslado": "transfers",
        "ilustrativa": "illustrative", "ilustrativo": "illustrative", "por_confirmar": "to_be_confirmed",
        "salas_de_reunion": "rooms", "programa": "programme", "actualizar": "refresh", "refresco": "refresh",
        // Portuguese
        "cidade": "city", "endereco": "address", "nome": "name", "descricao": "description", "capacidade": "capacity",
        "lotacao": "capacity", "fuso_horario": "timezone", "inicio_em": "start", "fim": "end", "sessoes": "sessions",
        "local": "venue", "locais": "venues", "fontes": "sources", "cota": "quota", "atualizado": "updated",
        "atualizacao": "updated", "pessoas": "people", "atividades": "activities", "palestrantes": "speakers",
        "delegacao": "delegation", "delegacoes": "delegations", "papel": "role", "funcao": "role", "abertura": "open",
        "fechamento": "close", "encerramento": "close", "para": "to", "a_confirmar": "to_be_confirmed",
        // French
        "ville": "city", "pays": "country", "adresse": "address", "nom": "name", "titre": "title", "salles": "rooms",
        "salle": "room", "capacite": "capacity", "jauge": "capacity", "fuseau_horaire": "timezone", "fuseau": "timezone",
        "horaires": "hours", "jours_feries": "holidays", "feries": "holidays", "debut": "start", "statut": "status",
        "seances": "sessions", "seance": "sessions", "lieu": "venue", "lieux": "venues", "genre": "kind",
        "langues": "languages", "mis_a_jour": "updated", "mise_a_jour": "updated", "organisateur": "organiser",
        "organisatrice": "organiser", "courriel": "email", "personnes": "people", "activites": "activities",
        "intervenants": "speakers", "orateurs": "speakers", "conferenciers": "speakers", "presidents": "chairs",
        "ouverture": "open", "fermeture": "close", "vers": "to",
        "a_confirmer": "to_be_confirmed", "illustratif": "illustrative",
    ]

    /// The allowed key `key` most likely means, or nil.
    static func suggestion(for key: String, in allowed: [String]) -> String? {
        let folded = fold(key)
        let squeezed = folded.replacingOccurrences(of: "_", with: "")
        if let same = allowed.first(where: { $0.replacingOccurrences(of: "_", with: "") == squeezed }) { return same }
        if let meant = synonyms[folded] ?? (folded.hasSuffix("s") ? synonyms[String(folded.dropLast())] : nil), allowed.contains(meant) {
            return meant
        }
        return nearestName(folded, in: allowed, maximum: folded.count >= 5 ? 2 : 1)
    }

    /// Lowercase, without accents, `_` for spaces and hyphens, and camelCase split with `_`.
    static func fold(_ key: String) -> String {
        var out = ""
        var previousLower = false
        for ch in key {
            if ch.isUppercase, previousLower { out.append("_") }
            previousLower = ch.isLowercase || ch.isNumber
            out.append(ch == "-" || ch == " " ? "_" : ch)
        }
        return out.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }

    /// The message's end after "unknown key 'k' in <what>": the suggestion, or the allowed keys.
    static func wayOut(for key: String, in allowed: [String]) -> String {
        if let near = suggestion(for: key, in: allowed) { return "did you mean \(quoted: near)?" }
        return "use one of: \(allowed.sorted().joined(separator: ", "))"
    }
}

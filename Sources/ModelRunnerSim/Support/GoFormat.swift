/// Number and date texts as Go writes them, without Foundation's formatters.
enum GoFormat {
    /// `fmt.Sprintf("%.2f", value)` for finite values: two decimals, ties to even.
    static func twoDecimals(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let hundredths = (abs(value) * 100).rounded(.toNearestOrEven)
        guard hundredths < 9.0e18 else { return String(value) }
        let whole = UInt64(hundredths)
        let fraction = whole % 100
        let sign = value < 0 && whole != 0 ? "-" : ""
        return sign + String(whole / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Go's `time.Time` JSON text (RFC 3339, UTC) to the millisecond, e.g. `2026-12-07T15:35:55.123Z`.
    static func rfc3339(millisecondsSince1970 milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = milliseconds - seconds * 1000
        let (year, month, day, secondOfDay) = civil(secondsSince1970: seconds)
        func two(_ number: Int64) -> String { number < 10 ? "0" + String(number) : String(number) }
        let fraction = millis == 0 ? "" : "." + String(String(millis + 1000).dropFirst())
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
            + "\(two(secondOfDay % 60))\(fraction)Z"
    }

    /// Year, month (1-12), day and second of the day, UTC (Howard Hinnant's days-to-civil algorithm).
    static func civil(secondsSince1970 seconds: Int64) -> (year: Int64, month: Int64, day: Int64, second: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day, secondOfDay)
    }

    /// An HTTP `Date` value (RFC 7231 IMF-fixdate, always GMT) for seconds since 1970.
    static func httpDate(secondsSince1970 seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int64) -> String { number < 10 ? "0" + String(number) : String(number) }
        let time = two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60)
        return "\(weekday), \(two(day)) \(months[Int(month - 1)]) \(year) \(time) GMT"
    }
}

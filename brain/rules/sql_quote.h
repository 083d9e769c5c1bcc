// SQL spelling of a column name and of a text value, as the brains write
// them into plans: a plain identifier stays bare ("year BETWEEN ..."), so
// plans stay readable.
#pragma once

#include <string>
#include <string_view>

namespace interec {

/// `name` double-quoted unless it is a plain identifier.
std::string sql_identifier(const std::string& name);
/// `value` single-quoted, quotes doubled.
std::string sql_string(std::string_view value);

}  // namespace interec

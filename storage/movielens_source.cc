#include "storage/movielens_source.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_set>

#include "storage/delimited_reader.h"
#include "storage/importer.h"
#include "storage/text.h"

namespace fs = std::filesystem;

namespace interec {

namespace {

std::string join(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

bool has_file(const std::string& dir, const std::string& name) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / name, ec);
}

/// MovieLens ids are integers; "007" and "7" are the same movie.
std::optional<std::string> canonical_id(std::string_view s) {
  auto v = text::parse_int(s);
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

std::string join_values(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += '|';
    out += v;
  }
  return out;
}

/// Item columns common to every MovieLens layout.
struct MovieColumns {
  ImportColumn year{"year", ColumnType::integer, false, "release year", {}};
  ImportColumn genres{"genres", ColumnType::text, true, "genres, '|'-separated", {}};

  void add(ImportedSource& src, std::string id, std::string title, std::optional<int> y,
           const std::vector<std::string>& genre_list) {
    src.items.add(std::move(id), std::move(title));
    year.cells.push_back(y ? std::to_string(*y) : std::string());
    genres.cells.push_back(join_values(genre_list));
  }
  void move_into(ImportedSource& src) {
    src.items.columns.push_back(std::move(year));
    src.items.columns.push_back(std::move(genres));
  }
};

/// Adds one rating row after checking its fields, or reports it to `rows`
/// as junk.
void add_rating(ImportedSource& src, FileRows& rows, size_t line, std::string_view user,
                std::string_view movie, std::string_view rating, std::string_view timestamp) {
  auto u = canonical_id(user);
  if (!u) return rows.skip(line, "user id " + quote_cell(user) + " is not a number");
  auto m = canonical_id(movie);
  if (!m) return rows.skip(line, "movie id " + quote_cell(movie) + " is not a number");
  auto r = text::parse_real(rating);
  if (!r) return rows.skip(line, "rating " + quote_cell(rating) + " is not a number");
  auto t = text::parse_int(timestamp);
  if (!t) return rows.skip(line, "timestamp " + quote_cell(timestamp) + " is not a number");
  auto it = src.items.index.find(*m);
  if (it == src.items.index.end()) return rows.skip(line, "unknown movie id " + *m);
  src.add_interaction(std::move(*u), it->second, static_cast<float>(*r), *t);
  rows.ok();
}

/// The id and title of a movie row, checked (a number, a title, not seen
/// before), or nothing after reporting the row to `rows` as junk.
struct MovieHead {
  std::string id;
  std::string title;
};
std::optional<MovieHead> movie_head(const ImportedSource& src, FileRows& rows, size_t line, std::string_view id,
                                    std::string_view title) {
  auto canonical = canonical_id(id);
  if (!canonical) {
    rows.skip(line, "movie id " + quote_cell(id) + " is not a number");
    return std::nullopt;
  }
  std::string t = cell_text(title);
  if (t.empty()) {
    rows.skip(line, "empty title");
    return std::nullopt;
  }
  rows.fit(t, kMaxTitleBytes, line);
  if (src.items.index.count(*canonical)) {
    rows.skip(line, "duplicate movie id " + *canonical);
    return std::nullopt;
  }
  return MovieHead{std::move(*canonical), std::move(t)};
}

void require_items(const ImportedSource& src, const std::string& path) {
  if (src.items.size() == 0) throw ImportError(path + ": no movies found (the file is empty)");
}

void require_ratings(const ImportedSource& src, const std::string& path) {
  if (src.interactions.size() == 0) throw ImportError(path + ": no ratings found (the file is empty)");
}

// ---------------------------------------------------------------- 100K

std::vector<std::string> read_100k_genres(const std::string& dir, ImportLog& log) {
  std::vector<std::string> genres;
  if (has_file(dir, "u.genre")) {
    LineReader in(join(dir, "u.genre"));
    std::string line;
    size_t line_no;
    while (in.next(line, line_no)) {
      auto f = text::split(line, "|");
      auto idx = f.size() == 2 ? text::parse_int(f[1]) : std::nullopt;
      if (!idx || *idx < 0 || *idx > 1000) {
        log.warn("u.genre:" + std::to_string(line_no) + ": ignored (expected name|index)");
        continue;
      }
      if (genres.size() <= static_cast<size_t>(*idx)) genres.resize(*idx + 1);
      genres[*idx] = cell_text(f[0]);
    }
  }
  if (genres.empty()) {
    // The order documented in the 100K README.
    genres = {"unknown", "Action",   "Adventure", "Animation", "Children's", "Comedy", "Crime",
              "Documentary", "Drama", "Fantasy",   "Film-Noir", "Horror",     "Musical", "Mystery",
              "Romance", "Sci-Fi",   "Thriller",  "War",       "Western"};
  }
  return genres;
}

void read_100k(const std::string& dir, ImportedSource& src, ImportLog& log) {
  src.format = "ml-100k";
  src.rating_description = "mean rating, 1–5 stars";
  const auto genre_names = read_100k_genres(dir, log);
  const size_t expected = 5 + genre_names.size();

  const std::string item_path = join(dir, "u.item");
  log.progress("reading " + item_path);
  MovieColumns cols;
  {
    LineReader in(item_path);
    FileRows rows(log, item_path);
    std::string line;
    size_t line_no;
    while (in.next(line, line_no)) {
      auto f = text::split(line, "|");
      if (f.size() != expected) {
        rows.skip(line_no, "expected " + std::to_string(expected) + " '|'-separated fields, found " +
                               std::to_string(f.size()));
        continue;
      }
      auto head = movie_head(src, rows, line_no, f[0], f[1]);
      if (!head) continue;
      auto year = text::title_year(head->title);
      if (!year) year = text::dmy_date_year(f[2]);
      std::vector<std::string> genres;
      for (size_t k = 0; k < genre_names.size(); ++k) {
        // "unknown" is the flag of movies without a genre, not a genre.
        if (text::trim(f[5 + k]) == "1" && !genre_names[k].empty() &&
            text::ascii_lower(genre_names[k]) != "unknown")
          genres.push_back(genre_names[k]);
      }
      cols.add(src, std::move(head->id), std::move(head->title), year, genres);
      rows.ok();
    }
    rows.finish();
  }
  cols.move_into(src);
  require_items(src, item_path);

  if (!has_file(dir, "u.data"))
    throw ImportError(join(dir, "u.data") +
                      ": missing (MovieLens 100K needs u.data: user_id TAB item_id TAB rating TAB timestamp)");
  const std::string data_path = join(dir, "u.data");
  log.progress("reading " + data_path);
  LineReader in(data_path);
  FileRows rows(log, data_path);
  std::string line;
  size_t line_no;
  while (in.next(line, line_no)) {
    auto f = text::split(line, "\t");
    if (f.size() != 4) {
      rows.skip(line_no, "expected 4 tab-separated fields, found " + std::to_string(f.size()));
      continue;
    }
    add_rating(src, rows, line_no, f[0], f[1], f[2], f[3]);
  }
  rows.finish();
  require_ratings(src, data_path);
}

// ---------------------------------------------------------------- 1M

std::string find_1m_ratings(const std::string& dir) {
  if (has_file(dir, "ratings.dat")) return join(dir, "ratings.dat");
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file(ec) && name.rfind("ratings", 0) == 0 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, ".dat") == 0)
      found.push_back(e.path().string());
  }
  if (found.empty())
    throw ImportError(join(dir, "ratings.dat") +
                      ": missing (MovieLens 1M needs ratings.dat or ratings*.dat: "
                      "UserID::MovieID::Rating::Timestamp)");
  std::sort(found.begin(), found.end());
  return found.front();
}

void read_1m(const std::string& dir, ImportedSource& src, ImportLog& log) {
  src.format = "ml-1m";
  src.rating_description = "mean rating, 1–5 stars";
  const std::string item_path = join(dir, "movies.dat");
  log.progress("reading " + item_path);
  MovieColumns cols;
  {
    LineReader in(item_path);
    FileRows rows(log, item_path);
    std::string line;
    size_t line_no;
    while (in.next(line, line_no)) {
      auto f = text::split(line, "::");
      if (f.size() != 3) {
        rows.skip(line_no, "expected 3 '::'-separated fields, found " + std::to_string(f.size()));
        continue;
      }
      auto head = movie_head(src, rows, line_no, f[0], f[1]);
      if (!head) continue;
      std::vector<std::string> genres;
      for (auto g : text::split_values(f[2])) genres.push_back(cell_text(g));
      auto year = text::title_year(head->title);
      cols.add(src, std::move(head->id), std::move(head->title), year, genres);
      rows.ok();
    }
    rows.finish();
  }
  cols.move_into(src);
  require_items(src, item_path);

  const std::string ratings_path = find_1m_ratings(dir);
  log.progress("reading " + ratings_path);
  LineReader in(ratings_path);
  FileRows rows(log, ratings_path);
  std::string line;
  size_t line_no;
  while (in.next(line, line_no)) {
    auto f = text::split(line, "::");
    if (f.size() != 4) {
      rows.skip(line_no, "expected 4 '::'-separated fields, found " + std::to_string(f.size()));
      continue;
    }
    add_rating(src, rows, line_no, f[0], f[1], f[2], f[3]);
  }
  rows.finish();
  require_ratings(src, ratings_path);
}

// ---------------------------------------------------------------- latest

/// Positions of the named columns in a CSV header; throws naming the file
/// when one is absent.
std::vector<size_t> header_positions(const DelimitedReader& in, const DelimitedRecord& header,
                                     const std::vector<std::string>& names,
                                     const std::string& expected) {
  std::vector<size_t> pos;
  for (const auto& name : names) {
    size_t k = 0;
    while (k < header.fields.size() && std::string(text::trim(header.fields[k])) != name) ++k;
    if (k == header.fields.size())
      throw ImportError(in.path() + ":" + std::to_string(header.line) + ": expected a header " +
                        expected + " (no column '" + name + "')");
    pos.push_back(k);
  }
  return pos;
}

void read_latest(const std::string& dir, ImportedSource& src, ImportLog& log) {
  src.format = "ml-latest";
  src.rating_description = "mean rating, 0.5–5 stars";
  const std::string item_path = join(dir, "movies.csv");
  log.progress("reading " + item_path);
  MovieColumns cols;
  {
    DelimitedReader in(item_path, ',', true);
    DelimitedRecord rec;
    if (!in.next(rec)) throw ImportError(item_path + ": no movies found (the file is empty)");
    auto pos = header_positions(in, rec, {"movieId", "title", "genres"}, "movieId,title,genres");
    const size_t width = rec.fields.size();
    FileRows rows(log, item_path);
    while (in.next(rec)) {
      if (!rec.error.empty()) {
        rows.skip(rec.line, rec.error);
        continue;
      }
      if (rec.fields.size() != width) {
        in.resync();  // a stray quote may have joined the next lines to it
        rows.skip(rec.line, "expected " + std::to_string(width) + " comma-separated fields, found " +
                                std::to_string(rec.fields.size()));
        continue;
      }
      if (std::any_of(rec.fields.begin(), rec.fields.end(),
                      [](const std::string& f) { return f.find('\n') != std::string::npos; })) {
        in.resync();  // no movie field spans lines: a stray quote joined rows
        rows.skip(rec.line, "a line break inside a field (an unclosed quote?)");
        continue;
      }
      auto head = movie_head(src, rows, rec.line, rec.fields[pos[0]], rec.fields[pos[1]]);
      if (!head) continue;
      std::vector<std::string> genres;
      for (auto g : text::split_values(rec.fields[pos[2]]))
        if (g != "(no genres listed)") genres.push_back(cell_text(g));
      auto year = text::title_year(head->title);
      cols.add(src, std::move(head->id), std::move(head->title), year, genres);
      rows.ok();
    }
    rows.finish();
  }
  cols.move_into(src);
  require_items(src, item_path);

  if (!has_file(dir, "ratings.csv"))
    throw ImportError(join(dir, "ratings.csv") +
                      ": missing (MovieLens latest needs ratings.csv: userId,movieId,rating,timestamp)");
  const std::string ratings_path = join(dir, "ratings.csv");
  log.progress("reading " + ratings_path);
  {
    // No quoted fields in ratings: plain splitting is several times faster.
    DelimitedReader in(ratings_path, ',', false);
    DelimitedRecord rec;
    if (!in.next(rec)) throw ImportError(ratings_path + ": no ratings found (the file is empty)");
    auto pos = header_positions(in, rec, {"userId", "movieId", "rating", "timestamp"},
                                "userId,movieId,rating,timestamp");
    const size_t width = rec.fields.size();
    FileRows rows(log, ratings_path);
    while (in.next(rec)) {
      if (rec.fields.size() != width) {
        in.resync();  // a stray quote may have joined the next lines to it
        rows.skip(rec.line, "expected " + std::to_string(width) + " comma-separated fields, found " +
                                std::to_string(rec.fields.size()));
        continue;
      }
      add_rating(src, rows, rec.line, rec.fields[pos[0]], rec.fields[pos[1]], rec.fields[pos[2]],
                 rec.fields[pos[3]]);
    }
    rows.finish();
    require_ratings(src, ratings_path);
  }

  if (!has_file(dir, "tags.csv")) return;
  const std::string tags_path = join(dir, "tags.csv");
  log.progress("reading " + tags_path);
  DelimitedReader in(tags_path, ',', true);
  DelimitedRecord rec;
  ImportColumn tags{"tags", ColumnType::text, true, "tags users gave the movie, '|'-separated", {}};
  tags.cells.resize(src.items.size());
  if (in.next(rec)) {
    auto pos = header_positions(in, rec, {"movieId", "tag"}, "userId,movieId,tag,timestamp");
    const size_t width = rec.fields.size();
    // Distinct tags per movie, compared case-insensitively; the first
    // spelling seen is the one kept.
    std::vector<std::unordered_set<std::string>> seen(src.items.size());
    FileRows rows(log, tags_path);
    while (in.next(rec)) {
      if (!rec.error.empty()) {
        rows.skip(rec.line, rec.error);
        continue;
      }
      if (rec.fields.size() != width) {
        in.resync();  // a stray quote may have joined the next lines to it
        rows.skip(rec.line, "expected " + std::to_string(width) + " comma-separated fields, found " +
                                std::to_string(rec.fields.size()));
        continue;
      }
      auto m = canonical_id(rec.fields[pos[0]]);
      if (!m) {
        rows.skip(rec.line, "movie id " + quote_cell(rec.fields[pos[0]]) + " is not a number");
        continue;
      }
      auto it = src.items.index.find(*m);
      if (it == src.items.index.end()) {
        rows.skip(rec.line, "unknown movie id " + *m);
        continue;
      }
      std::string tag = cell_text(rec.fields[pos[1]]);
      rows.fit(tag, kMaxCellBytes, rec.line);
      // '|' separates values in a multi-valued cell.
      std::replace(tag.begin(), tag.end(), '|', '/');
      rows.ok();
      if (tag.empty() || !seen[it->second].insert(text::ascii_lower(tag)).second) continue;
      std::string& cell = tags.cells[it->second];
      if (!cell.empty()) cell += '|';
      cell += tag;
    }
    rows.finish();
  }
  src.items.columns.push_back(std::move(tags));
}

}  // namespace

std::optional<std::string> detect_movielens(const std::string& dir) {
  if (has_file(dir, "u.item")) return "ml-100k";
  if (has_file(dir, "movies.dat")) return "ml-1m";
  if (has_file(dir, "movies.csv")) return "ml-latest";
  return std::nullopt;
}

ImportedSource read_movielens(const std::string& dir, ImportLog& log) {
  auto layout = detect_movielens(dir);
  if (!layout)
    throw ImportError(dir +
                      ": not a MovieLens folder (expected u.item + u.data for MovieLens 100K, "
                      "movies.dat + ratings.dat for 1M, or movies.csv + ratings.csv for latest)");
  ImportedSource src;
  src.has_ratings = true;
  if (*layout == "ml-100k")
    read_100k(dir, src, log);
  else if (*layout == "ml-1m")
    read_1m(dir, src, log);
  else
    read_latest(dir, src, log);
  return src;
}

}  // namespace interec

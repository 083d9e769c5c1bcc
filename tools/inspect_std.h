// CAF 0.17 serialises caf::optional and caf::variant but not their std::
// counterparts. These inspect overloads let a message carry a
// std::optional<T> (a flag, then the value when set), the same wire form as
// caf::optional. They are found by argument-dependent lookup only when T is
// an interec type, so they never compete with CAF's own overloads.
// Header-only and CAF-free: the structs that use it need not link CAF.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

namespace interec {
namespace inspect_detail {

// The value half of an optional, inspected only when the flag before it is set.
template <class T>
struct OptionalValue {
  bool& present;
  T& value;
  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, OptionalValue& x) {
    return x.present ? f(x.value) : f();
  }
};

template <class F>
struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <class F>
OnExit(F) -> OnExit<F>;

}  // namespace inspect_detail

template <class Inspector, class T>
typename std::enable_if<Inspector::reads_state, typename Inspector::result_type>::type inspect(
  Inspector& f, std::optional<T>& x) {
  return x ? f(true, *x) : f(false);
}

template <class Inspector, class T>
typename std::enable_if<Inspector::writes_state, typename Inspector::result_type>::type inspect(
  Inspector& f, std::optional<T>& x) {
  bool present = false;
  T value{};
  inspect_detail::OptionalValue<T> helper{present, value};
  // Assigned after the fields were read, whichever way reading ended.
  inspect_detail::OnExit assign{[&] {
    if (present) x = std::move(value);
    else x.reset();
  }};
  return f(present, helper);
}

}  // namespace interec

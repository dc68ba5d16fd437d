/* hello: the smallest real program kiln builds. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "world";
  printf("Hello, %s! (built by kiln)\n", who);
  return strcmp(who, "fail") == 0 ? 1 : 0;
}
